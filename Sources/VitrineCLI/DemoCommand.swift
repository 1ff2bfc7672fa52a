import ArgumentParser

/// `vitrine demo`: trains a small convnet on generated data (the main job until the harness lands).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Train a small convnet on generated shapes and print its loss falling.")

    func run() throws {
        print("demo: not yet written")
    }
}
