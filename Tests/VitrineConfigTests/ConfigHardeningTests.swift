import Foundation
import Testing
@testable import VitrineConfig

// Regression tests for an adversarial review of the loader: inputs that crashed it (stack
// overflow), ran for minutes, or were read in surprising ways.

private let schema = ConfigSchema([
    ConfigKey("task", .choice(["classification"]), default: nil, "What the experiment trains."),
    ConfigKey("run.name", .string, default: .string(""), "Run name."),
    ConfigKey("run.shuffle", .bool, default: .bool(true), "Shuffle."),
    ConfigKey("train.epochs", .int(min: 1, max: nil), default: .int(3), "Epochs."),
    ConfigKey("train.seeds", .list(.int(min: 0, max: nil), minCount: 1), default: .list([.int(1)]), "Seeds."),
    ConfigKey("optimizer.name", .choice(["sgd", "adam"]), default: .string("adam"), "Optimizer."),
    ConfigKey("optimizer.lr", .double(min: 0, max: 10), default: .double(1e-3), "Learning rate."),
    ConfigKey("model.width", .int(min: 1, max: nil), default: .int(8), "Width."),
])

private func load(_ file: String, _ overrides: [String] = []) throws -> ResolvedConfig { try load(file, overrides, schema: schema) }
private func load(yaml: String, _ overrides: [String] = []) throws -> ResolvedConfig { try load(yaml: yaml, overrides, schema: schema) }

private let tooDeep = "nesting deeper than 64 levels; a config is a few sections deep"

@Suite struct YAMLShapeLimitTests {
    // Defect 1: ≈2,900 nested mappings or 4,700 nested lists overflowed the stack in Yams's
    // recursive composer (SIGSEGV). These are well past both.
    static let deepMappings = String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000)
    static let deepLists = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)

    @Test func deepNestingInAFileIsRefusedWithItsLine() throws {
        let dir = try tempDir()
        let maps = try write("task: classification\nx: \(Self.deepMappings)\n", in: dir)
        #expect(errors { _ = try load(maps) } == ["\(maps):2: \(tooDeep)"])
        let lists = try write("task: classification\n\nx: \(Self.deepLists)\n", name: "lists.yaml", in: dir)
        #expect(errors { _ = try load(lists) } == ["\(lists):3: \(tooDeep)"])
    }

    @Test func deepNestingInSavedYAMLAndOverridesIsRefused() {
        #expect(errors { _ = try load(yaml: "task: classification\nx: \(Self.deepLists)\n") } == ["saved:2: \(tooDeep)"])
        #expect(errors { _ = try load(yaml: "task: classification\n", ["train.seeds=\(Self.deepLists)"]) }
            == ["command line: train.seeds: the value: \(tooDeep)"])
        #expect(errors { _ = try load(yaml: "task: classification\n", ["x=\(Self.deepMappings)"]) }
            == ["command line: x: the value: \(tooDeep)"])
    }

    @Test func flattenYAMLSharesTheLimits() throws {
        #expect(errors { _ = try flattenYAML("a: \(Self.deepMappings)\n", file: "cfg.yaml") } == ["cfg.yaml:1: \(tooDeep)"])
        // 64 levels (the top-level mapping and 63 inside it) are within the limit.
        let deepest = String(repeating: "{a: ", count: 63) + "1" + String(repeating: "}", count: 63)
        let flat = try flattenYAML("a: \(deepest)\n", file: "cfg.yaml")
        #expect(flat == ["a" + String(repeating: ".a", count: 63): "1"])
        #expect(errors { _ = try flattenYAML("a:\(Self.aliasBomb)", file: "cfg.yaml") } == ["cfg.yaml:8: \(Self.bombMessage)"])
    }

    // Defect 2: billion laughs with mappings: 9 levels of 6 references each, 6^9 ≈ 10 million
    // mappings once flattened, from under 600 bytes. It ran for minutes.
    static let aliasBomb: String = {
        var lines = ["  l0: &l0 {x: 1, y: 1}"]
        for level in 1...9 {
            let refs = "abcdef".map { "\($0): *l\(level - 1)" }.joined(separator: ", ")
            lines.append("  l\(level): &l\(level) {\(refs)}")
        }
        return "\n" + lines.joined(separator: "\n") + "\n"
    }()
    static let bombMessage = "aliases expand to more than 100000 values; a config reuses anchors a few times, not exponentially"

    @Test func aliasBombIsRefusedWithFileAndLine() throws {
        let dir = try tempDir()
        let file = try write("task: classification\nbomb:\(Self.aliasBomb)", in: dir)
        #expect(try String(contentsOfFile: file, encoding: .utf8).utf8.count < 600)
        // l6 (line 9) is the first level whose references pass 100,000 values: l5 holds 49,765.
        #expect(errors { _ = try load(file) } == ["\(file):9: \(Self.bombMessage)"])
        #expect(errors { _ = try load(yaml: "task: classification\nbomb:\(Self.aliasBomb)") } == ["saved:9: \(Self.bombMessage)"])
    }

    @Test func modestAnchorReuseStillWorks() throws {
        let config = try load(yaml: """
            task: classification
            model:
              width: &w 16
            train:
              epochs: *w
              seeds: &s [1, 2, 3]
            """)
        #expect(config.int("train.epochs") == 16)
        #expect(config.ints("train.seeds") == [1, 2, 3])
    }

    // Defect 2: a chain of files, each including the next twice, read 2^n files.
    @Test func includesThatMultiplyAreRefused() throws {
        let dir = try tempDir()
        for level in 0..<8 {
            _ = try write("include: [f\(level + 1).yaml, f\(level + 1).yaml]\n", name: "f\(level).yaml", in: dir)
        }
        _ = try write("task: classification\n", name: "f8.yaml", in: dir)
        let found = errors { _ = try load(dir.appendingPathComponent("f0.yaml").path) }
        #expect(found.count == 1)
        #expect(found.first?.contains(":1: include: more than 100 files read through include:") == true)

        // Including a shared file a few times is fine.
        _ = try write("task: classification\n", name: "shared.yaml", in: dir)
        let twice = try write("include: [shared.yaml, shared.yaml]\n", name: "twice.yaml", in: dir)
        #expect(try load(twice).string("task") == "classification")
    }

    @Test func includeChainsAreBoundedInDepth() throws {
        let dir = try tempDir()
        for level in 0..<30 {
            _ = try write("include: g\(level + 1).yaml\n", name: "g\(level).yaml", in: dir)
        }
        _ = try write("task: classification\n", name: "g30.yaml", in: dir)
        let found = errors { _ = try load(dir.appendingPathComponent("g0.yaml").path) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(dir.appendingPathComponent("g15.yaml").path + ":1: include: includes nested deeper than 16 files") == true)
    }

    // Defect 2: 20,000 unknown keys took 37 s (a scan of all entries per key, and a suggestion
    // computed over the whole schema per key). Behaviour only here: the report is capped.
    @Test func manyUnknownKeysAreCountedNotListed() {
        let keys = (0..<100_000).map { "k\($0): 1" }.joined(separator: "\n")
        let found = errors { _ = try load(yaml: "task: classification\n\(keys)\n") }
        #expect(found.count == 21)
        #expect(found.first == "saved:2: k0: unknown key")
        #expect(found[19] == "saved:21: k19: unknown key")
        #expect(found.last == "saved: … and 99980 more unknown keys (100000 in all; the first 20 are listed above)")
    }
}

@Suite struct YAMLReadingTests {
    // Defect 3: duplicate keys in one mapping (YAML keeps the last silently).
    @Test func duplicateKeysInOneMappingAreErrorsNamingBothLines() throws {
        let dir = try tempDir()
        let file = try write("task: classification\ntrain:\n  epochs: 5\n  epochs: 6\ntrain:\n  seeds: [1]\n", in: dir)
        #expect(errors { _ = try load(file) } == [
            "\(file):4: train.epochs: duplicate key: already set on line 3; YAML would keep only the last one: remove one of them",
            "\(file):5: train: duplicate key: already set on line 2; YAML would keep only the last one: remove one of them",
        ])
    }

    @Test func layeringIsNotDuplication() throws {
        let dir = try tempDir()
        _ = try write("task: classification\ntrain:\n  epochs: 2\noptimizer:\n  lr: 0.5\n", name: "base.yaml", in: dir)
        let file = try write("include: base.yaml\ntrain:\n  epochs: 4\noptimizer: {}\n", in: dir)
        let config = try load(file, ["train.epochs=9"])
        #expect(config.int("train.epochs") == 9)
        // An empty section changes nothing: the included value stays.
        #expect(config.double("optimizer.lr") == 0.5)
        #expect(try load(file, ["optimizer={}"]).double("optimizer.lr") == 0.5)
        // The last of several overrides of one key wins.
        let replaced = try load(yaml: "task: classification\n", ["train.seeds=[4]", "train.seeds=[5, 6]"])
        #expect(replaced.ints("train.seeds") == [5, 6])
    }

    @Test func emptyMappingWhereAValueIsExpectedIsAnError() throws {
        #expect(errors { _ = try load(yaml: "task: classification\ntrain:\n  epochs: {}\n") }
            == ["saved:3: train.epochs: expected an integer ≥ 1, got a mapping"])
        // A whole section as `{}` means all its defaults.
        let config = try load(yaml: "task: classification\noptimizer: {}\n")
        #expect(config.string("optimizer.name") == "adam")
        #expect(errors { _ = try load(yaml: "task: classification\nnosuch: {}\n") } == ["saved:2: nosuch: unknown key"])
    }

    @Test func integersAreDecimalAndLeadingZerosAreRefused() throws {
        #expect(errors { _ = try load(yaml: "task: classification\ntrain:\n  epochs: 010\n") } == [
            "saved:3: train.epochs: expected an integer ≥ 1, got '010'; a leading zero is octal in YAML 1.1 and decimal in YAML 1.2: write 10, or 0o10 for octal",
        ])
        #expect(errors { _ = try load(yaml: "task: classification\noptimizer:\n  lr: 010\n") }.first?
            .contains("write 10, or 0o10 for octal") == true)
        let config = try load(yaml: "task: classification\ntrain:\n  epochs: 0o10\n  seeds: [0x10, 10, +7, 0]\n")
        #expect(config.int("train.epochs") == 8)
        #expect(config.ints("train.seeds") == [16, 10, 7, 0])
        #expect(errors { _ = try load(yaml: "task: classification\ntrain:\n  epochs: 1_000\n") } == [
            "saved:3: train.epochs: expected an integer ≥ 1, got '1_000'; numbers are written without '_' separators: write 1000",
        ])
        // YAML 1.1 sexagesimal: 1:30 was 90.
        #expect(errors { _ = try load(yaml: "task: classification\ntrain:\n  epochs: 1:30\n") }
            == ["saved:3: train.epochs: expected an integer ≥ 1, got '1:30'"])
    }

    @Test func numbersFollowYAML12() throws {
        // `1e-3` has no dot, so YAML 1.1 (and the old loader) read it as a string.
        #expect(try load(yaml: "task: classification\noptimizer:\n  lr: 1e-3\n").double("optimizer.lr") == 1e-3)
        #expect(try load(yaml: "task: classification\noptimizer:\n  lr: .5\n").double("optimizer.lr") == 0.5)
        #expect(try load(yaml: "task: classification\noptimizer:\n  lr: 2\n").double("optimizer.lr") == 2)
        #expect(errors { _ = try load(yaml: "task: classification\noptimizer:\n  lr: .inf\n") }
            == ["saved:3: optimizer.lr: expected a number in 0 … 10, got '.inf'"])
    }

    /// An explicit tag says what a value is: `!!float 2` is not an integer; `!!int 2` is a
    /// number; a local tag is not read.
    @Test func explicitTagsMustFitTheKey() throws {
        let dir = try tempDir()
        let refused = errors { _ = try load(try write("task: classification\nmodel:\n  width: 8\ntrain:\n  epochs: !!float 2\n", in: dir)) }
        #expect(refused.count == 1 && refused[0].contains("train.epochs: expected") && refused[0].contains("tagged !!float"), "\(refused)")
        let local = errors { _ = try load(try write("task: classification\nmodel:\n  width: !mine 8\n", in: dir)) }
        #expect(local.count == 1 && local[0].contains("tagged !mine"), "\(local)")
        let config = try load(try write("task: classification\nmodel:\n  width: 8\noptimizer:\n  lr: !!int 1\ntrain:\n  epochs: !!int 2\n", in: dir))
        #expect(config.int("train.epochs") == 2 && config.double("optimizer.lr") == 1)
    }

    @Test func quotedScalarsAreStrings() throws {
        #expect(errors { _ = try load(yaml: "task: classification\nrun:\n  shuffle: \"yes\"\n") } == [
            "saved:3: run.shuffle: expected a boolean (true or false), got 'yes' (quoted, so a string); quoted values are strings: write true or false without quotes",
        ])
        #expect(errors { _ = try load(yaml: "task: classification\nrun:\n  shuffle: 'true'\n") }.count == 1)
        #expect(errors { _ = try load(yaml: "task: classification\ntrain:\n  epochs: \"5\"\n") } == [
            "saved:3: train.epochs: expected an integer ≥ 1, got '5' (quoted, so a string); quoted values are strings: write the number without quotes",
        ])
        // `!!str` is a string too, however it looks.
        #expect(errors { _ = try load(yaml: "task: classification\ntrain:\n  epochs: !!str 5\n") }.count == 1)
        // String and choice keys take quoted and plain text alike.
        let config = try load(yaml: "task: \"classification\"\nrun:\n  name: 2024\noptimizer:\n  name: 'sgd'\n")
        #expect(config.string("run.name") == "2024")
        #expect(config.string("optimizer.name") == "sgd")
        #expect(try load(yaml: "task: classification\nrun:\n  name: \"null\"\n").string("run.name") == "null")
    }

    @Test func onlyTrueAndFalseAreBooleans() throws {
        for word in ["yes", "no", "on", "off", "Yes", "OFF", "y"] {
            #expect(errors { _ = try load(yaml: "task: classification\nrun:\n  shuffle: \(word)\n") } == [
                "saved:3: run.shuffle: expected a boolean (true or false), got '\(word)'; only true and false are booleans (YAML 1.2): write true or false",
            ])
        }
        #expect(try load(yaml: "task: classification\nrun:\n  shuffle: false\n").bool("run.shuffle") == false)
        #expect(try load(yaml: "task: classification\nrun:\n  shuffle: True\n").bool("run.shuffle") == true)
        #expect(try load(yaml: "task: classification\n", ["run.shuffle=false"]).bool("run.shuffle") == false)
        #expect(errors { _ = try load(yaml: "task: classification\n", ["run.shuffle=no"]) }.first?
            .hasSuffix("write true or false") == true)
    }
}

@Suite struct ConfigFileTests {
    // Defect 4: files that are not small regular text files.
    @Test func nonRegularFilesAreRefused() throws {
        let dir = try tempDir()
        #expect(errors { _ = try load(dir.path) }
            == ["\(dir.path): not a regular file (a directory); a config is a YAML file"])
        // Read forever before.
        #expect(errors { _ = try load("/dev/zero") } == ["/dev/zero: not a regular file (a device); a config is a YAML file"])
        let fifo = dir.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(errors { _ = try load(fifo) } == ["\(fifo): not a regular file (a pipe); a config is a YAML file"])
        // Through an include as well.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let including = try write("include: sub\n", in: dir)
        #expect(errors { _ = try load(including) }.first?.hasSuffix("/sub: not a regular file (a directory); a config is a YAML file") == true)
    }

    @Test func largeFilesAreRefused() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("huge.yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 64 << 20) == 0)  // sparse: nothing written
        #expect(errors { _ = try load(path) } == ["\(path): larger than 1 MiB; a config is a small YAML file"])
        let justUnder = try write("task: classification\n#" + String(repeating: "x", count: ConfigFile.maxBytes - 23) + "\n",
                                  name: "big.yaml", in: dir)
        #expect(try load(justUnder).string("task") == "classification")
    }

    @Test func readErrorsAreSaidInPlainWords() throws {
        let dir = try tempDir()
        let missing = dir.appendingPathComponent("missing.yaml").path
        let found = errors { _ = try load(missing) }
        #expect(found == ["\(missing): cannot read the config file: no such file or directory"])
        #expect(!found.joined().contains("NSCocoaErrorDomain"))
        // Tests may run as root, where a chmod 000 file stays readable: check the words directly.
        #expect(ConfigFile.reason(EACCES) == "permission denied")
        let binary = dir.appendingPathComponent("binary.yaml")
        try Data([0x74, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: binary)
        #expect(errors { _ = try load(binary.path) } == ["\(binary.path): not UTF-8 text; a config is a YAML file"])
    }
}
