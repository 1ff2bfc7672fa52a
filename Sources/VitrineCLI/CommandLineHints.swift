import Foundation
import VitrineConfig
import VitrineExperiments

/// Plain-language answers to the command lines newcomers type, checked before the argument
/// parser sees them (whose own message would be "2 unexpected arguments" or "Unknown option"):
/// a misspelt command gets the command meant, and `--steps 20` given to a command that takes
/// config overrides gets the override to write (`train.steps=20`).
enum CommandLineHints {
    /// The commands whose trailing arguments are `key.path=value` config overrides.
    static let overrideCommands: Set<String> = ["run", "resume", "eval"]

    /// A message for `arguments` (without the program name) when they cannot be what the user
    /// meant, or nil to let the parser go on.
    static func hint(for arguments: [String], commands: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        guard commands.contains(first) || first == "help" else {
            let nearest = commands.min { editDistance($0, first) < editDistance($1, first) }
            if let nearest, editDistance(nearest, first) <= 2 {
                return "unknown command '\(first)'; did you mean 'vitrine \(nearest)'?"
            }
            return "unknown command '\(first)'; the commands are \(commands.joined(separator: ", ")) (vitrine --help)"
        }
        guard overrideCommands.contains(first) else { return nil }
        for argument in arguments.dropFirst() where argument.hasPrefix("--") && argument.count > 2 {
            let option = String(argument.dropFirst(2).prefix { $0 != "=" })
            guard let key = configKey(named: option) else { continue }
            let value = argument.contains("=") ? String(argument.drop { $0 != "=" }.dropFirst())
                : arguments.drop { $0 != argument }.dropFirst().first ?? "VALUE"
            return "config keys are set as key.path=value, not as options: write \(key)=\(value) instead of --\(option)"
        }
        return nil
    }

    /// The config key whose last component is `option` (`steps` → `train.steps`), in any task.
    static func configKey(named option: String) -> String? {
        let leaf = option.replacingOccurrences(of: "-", with: "_")
        let paths = ExperimentSchema.tasks.compactMap(ExperimentSchema.schema(for:)).flatMap { $0.keys.map(\.path) }
        return paths.first { $0 == leaf || $0.hasSuffix("." + leaf) }
    }
}
