import Foundation
import Testing
@testable import VitrineConfig

private let schema = ConfigSchema([
    ConfigKey("task", .choice(["classification"]), default: nil, "What the experiment trains."),
    ConfigKey("run.name", .string, default: .string(""), "Run name."),
    ConfigKey("train.epochs", .int(min: 1, max: nil), default: .int(3), "Epochs."),
    ConfigKey("train.batch_size", .int(min: 1, max: 65536), default: .int(64), "Batch size."),
    ConfigKey("train.seeds", .list(.int(min: 0, max: nil), minCount: 1), default: .list([.int(1)]), "Seeds."),
    ConfigKey("optimizer.name", .choice(["sgd", "adam", "adamw"]), default: .string("adam"), "Optimizer."),
    ConfigKey("optimizer.lr", .double(min: 0, max: 10), default: .double(1e-3), "Learning rate."),
    ConfigKey("model.width", .int(min: 1, max: nil), default: nil, "Width."),
])

private func load(_ file: String, _ overrides: [String] = []) throws -> ResolvedConfig { try load(file, overrides, schema: schema) }
private func load(yaml: String, _ overrides: [String] = []) throws -> ResolvedConfig { try load(yaml: yaml, overrides, schema: schema) }

@Suite struct ConfigLoaderTests {
    @Test func defaultsFillWhatTheFileLeavesOut() throws {
        let dir = try tempDir()
        let file = try write("task: classification\nmodel:\n  width: 8\ntrain:\n  epochs: 5\n", in: dir)
        let config = try load(file)
        #expect(config.int("train.epochs") == 5)
        #expect(config.int("train.batch_size") == 64)
        #expect(config.double("optimizer.lr") == 1e-3)
        #expect(config.origin("train.epochs") == ConfigOrigin(file: file, line: 5))
        #expect(config.origin("train.batch_size") == .defaultValue)
    }

    /// A choice decodes to its enum; a value the schema allows but no case names (the two out of
    /// step) is an error naming where it was set and the values the enum knows.
    @Test func choicesDecodeToEnumsAndAnUnknownOneNamesWhereAndWhatIsAllowed() throws {
        enum Optimizer: String, CaseIterable { case sgd, adam }
        let dir = try tempDir()
        let file = try write("task: classification\nmodel:\n  width: 8\noptimizer:\n  name: adamw\n", in: dir)
        #expect(try load(file, ["optimizer.name=sgd"]).choice("optimizer.name", as: Optimizer.self) == .sgd)
        do {
            _ = try load(file).choice("optimizer.name", as: Optimizer.self)
            Issue.record("adamw is no case of the enum")
        } catch let error as ConfigError {
            #expect(error.description == "\(file):5: optimizer.name: 'adamw' is not one of sgd, adam")
        }
    }

    @Test func unknownKeyNamesFileLineAndSuggests() throws {
        let dir = try tempDir()
        let file = try write("task: classification\nmodel:\n  width: 8\ntrain:\n  epoch: 5\n", in: dir)
        #expect(errors { _ = try load(file) } == ["\(file):5: train.epoch: unknown key; did you mean 'train.epochs'?"])
    }

    @Test func wrongTypeAndOutOfRange() throws {
        let dir = try tempDir()
        let file = try write("""
            task: classification
            model:
              width: eight
            train:
              batch_size: 0
            optimizer:
              lr: 11
              name: adma
            """, in: dir)
        #expect(errors { _ = try load(file) } == [
            "\(file):3: model.width: expected an integer ≥ 1, got 'eight'",
            "\(file):5: train.batch_size: expected an integer in 1 … 65536, got '0'",
            "\(file):7: optimizer.lr: expected a number in 0 … 10, got '11'",
            "\(file):8: optimizer.name: expected one of sgd, adam, adamw, got 'adma'; did you mean 'adam'?",
        ])
    }

    @Test func missingRequiredKeyAndTask() throws {
        let dir = try tempDir()
        let noWidth = try write("task: classification\n", in: dir)
        #expect(errors { _ = try load(noWidth) } == ["\(noWidth): model.width: missing: expected an integer ≥ 1 — Width."])
        let noTask = try write("model:\n  width: 3\n", name: "b.yaml", in: dir)
        #expect(errors { _ = try load(noTask) } == ["\(noTask):1: task: missing: every experiment names its task"])
        let badTask = try write("task: detection\nmodel:\n  width: 3\n", name: "c.yaml", in: dir)
        #expect(errors { _ = try load(badTask) } == ["\(badTask):1: task: unknown task 'detection'; expected one of classification"])
    }

    @Test func sectionGivenAValueAndInvalidYAML() throws {
        let dir = try tempDir()
        let file = try write("task: classification\nmodel: 3\n", in: dir)
        #expect(errors { _ = try load(file) }.first == "\(file):2: model: is a section; expected keys under it, not a value")
        let broken = try write("task: classification\nmodel:\n  width: [1, 2\n", name: "broken.yaml", in: dir)
        let message = errors { _ = try load(broken) }.first ?? ""
        #expect(message.hasPrefix("\(broken):"))
        #expect(message.contains("not valid YAML"))
    }

    @Test func overridesAreTypeChecked() throws {
        let dir = try tempDir()
        let file = try write("task: classification\nmodel:\n  width: 8\n", in: dir)
        let config = try load(file, ["train.epochs=7", "optimizer.lr=0.5", "train.seeds=[1, 2, 3]"])
        #expect(config.int("train.epochs") == 7)
        #expect(config.double("optimizer.lr") == 0.5)
        #expect(config.ints("train.seeds") == [1, 2, 3])
        #expect(config.origin("train.epochs") == ConfigOrigin(file: "command line", line: nil))
        #expect(errors { _ = try load(file, ["train.epochs=many", "train.epochz=3", "nokey"]) } == [
            "command line: nokey: an override is key.path=value",
            "command line: train.epochs: expected an integer ≥ 1, got 'many'",
            "command line: train.epochz: unknown key; did you mean 'train.epochs'?",
        ])
    }

    @Test func includeIsOverriddenByTheIncludingFile() throws {
        let dir = try tempDir()
        _ = try write("task: classification\nmodel:\n  width: 8\ntrain:\n  epochs: 2\n  batch_size: 32\n", name: "base.yaml", in: dir)
        let file = try write("include: base.yaml\ntrain:\n  epochs: 9\n", in: dir)
        let config = try load(file)
        #expect(config.int("train.epochs") == 9)
        #expect(config.int("train.batch_size") == 32)
        #expect(config.int("model.width") == 8)
        #expect(config.origin("train.batch_size")?.file.hasSuffix("base.yaml") == true)
        let cyclic = try write("include: exp2.yaml\ntask: classification\n", name: "exp2.yaml", in: dir)
        #expect(errors { _ = try load(cyclic) }.first?.contains("include cycle") == true)
    }

    @Test func resolvedYAMLRoundTrips() throws {
        let dir = try tempDir()
        let file = try write("task: classification\nmodel:\n  width: 8\nrun:\n  name: \"my run: 1\"\n", in: dir)
        let config = try load(file, ["train.seeds=[4, 5]"])
        let saved = try write(config.yaml, name: "resolved.yaml", in: dir)
        let again = try load(saved)
        #expect(again.flattened == config.flattened)
        #expect(config.yaml.contains("train:\n  epochs: 3\n"))
    }

    @Test func markdownTableListsEveryKey() {
        let table = schema.markdownTable
        #expect(table.contains("| `optimizer.lr` | float | `0.001` | 0 … 10 | Learning rate. |"))
        #expect(table.contains("| `model.width` | int | required | ≥ 1 | Width. |"))
        #expect(table.split(separator: "\n").count == schema.keys.count + 2)
    }
}
