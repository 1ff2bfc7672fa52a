import VitrineConfig
import VitrineNN

/// One optimizer's config group, decoded once into typed values: `optimizer.*` and
/// `schedule.*` for a one-model task, `optimizers.<name>.*` and `optimizers.<name>.schedule.*`
/// for each optimizer of a task that has several (a GAN's generator and discriminator). The
/// same keys, with the same meaning and ranges, under either prefix (see ``keys(_:)``).
public struct OptimizerSettings: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable { case sgd, adam, adamw }
    public enum ScheduleKind: String, CaseIterable, Sendable { case constant, step, cosine }

    /// Where a group's keys live.
    public struct Prefix: Equatable, Sendable {
        public let optimizer: String
        public let schedule: String
        /// The single group of a one-model task: `optimizer.*`, `schedule.*`.
        public static let single = Prefix(optimizer: "optimizer", schedule: "schedule")
        /// The group of the optimizer named `name`: `optimizers.<name>.*`.
        public static func named(_ name: String) -> Prefix {
            Prefix(optimizer: "optimizers.\(name)", schedule: "optimizers.\(name).schedule")
        }
    }

    public var kind: Kind
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public var weightDecay: Float
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var schedule: ScheduleKind
    public var warmupSteps: Int
    public var stepSize: Int
    public var gamma: Float
    public var minimumLearningRate: Float

    /// Defaults a task may choose for its groups (a GAN's Adam at 2e-4 with β1 0.5).
    public struct Defaults: Sendable {
        public var kind: Kind = .adam
        public var learningRate = 1e-3
        public var beta1 = 0.9
        public init(kind: Kind = .adam, learningRate: Double = 1e-3, beta1: Double = 0.9) {
            self.kind = kind
            self.learningRate = learningRate
            self.beta1 = beta1
        }
    }

    /// The schema keys of one group under `prefix`.
    public static func keys(_ prefix: Prefix, defaults: Defaults = Defaults(), what: String = "") -> [ConfigKey] {
        let o = prefix.optimizer, s = prefix.schedule
        let about = what.isEmpty ? "" : " (\(what))"
        return [
            ConfigKey("\(o).name", .choice(Kind.allCases.map(\.rawValue)), default: .string(defaults.kind.rawValue), "Optimizer\(about)."),
            ConfigKey("\(o).lr", .double(min: 0, max: 10), default: .double(defaults.learningRate), "Base learning rate\(about)."),
            ConfigKey("\(o).momentum", .double(min: 0, max: 1), default: .double(0.9), "SGD momentum."),
            ConfigKey("\(o).nesterov", .bool, default: .bool(false), "SGD Nesterov momentum (needs \(o).momentum > 0)."),
            ConfigKey("\(o).weight_decay", .double(min: 0, max: 1), default: .double(0),
                      "Weight decay (L2 for sgd and adam, decoupled for adamw)."),
            ConfigKey("\(o).beta1", .double(min: 0, max: 0.999999), default: .double(defaults.beta1), "Adam β1."),
            ConfigKey("\(o).beta2", .double(min: 0, max: 0.999999), default: .double(0.999), "Adam β2."),
            ConfigKey("\(o).eps", .double(min: 1e-12, max: 1), default: .double(1e-8), "Adam ε."),
            ConfigKey("\(s).name", .choice(ScheduleKind.allCases.map(\.rawValue)), default: .string("constant"),
                      "Learning-rate schedule over this optimizer's steps."),
            ConfigKey("\(s).warmup_steps", .int(min: 0, max: nil), default: .int(0), "Linear warm-up steps before the schedule."),
            ConfigKey("\(s).step_size", .int(min: 1, max: nil), default: .int(1000), "Step schedule: steps between decays."),
            ConfigKey("\(s).gamma", .double(min: 1e-9, max: 1), default: .double(0.1), "Step schedule: decay factor."),
            ConfigKey("\(s).min_lr", .double(min: 0, max: 10), default: .double(0), "Cosine schedule: final learning rate."),
        ]
    }

    /// Decodes the group under `prefix` of a validated config. The choices are enums: a value
    /// the schema let through but no case names is a config error, never a silent default.
    public init(_ config: ResolvedConfig, _ prefix: Prefix) throws {
        let o = prefix.optimizer, s = prefix.schedule
        kind = try config.choice("\(o).name")
        learningRate = config.float("\(o).lr")
        momentum = config.float("\(o).momentum")
        nesterov = config.bool("\(o).nesterov")
        weightDecay = config.float("\(o).weight_decay")
        beta1 = config.float("\(o).beta1")
        beta2 = config.float("\(o).beta2")
        eps = config.float("\(o).eps")
        schedule = try config.choice("\(s).name")
        warmupSteps = config.int("\(s).warmup_steps")
        stepSize = config.int("\(s).step_size")
        gamma = config.float("\(s).gamma")
        minimumLearningRate = config.float("\(s).min_lr")
    }

    /// The optimizer over `parameters`.
    public func makeOptimizer(_ parameters: [(String, Parameter)], learningRateScales: [String: Float] = [:]) throws -> any Optimizer {
        switch kind {
        case .sgd:
            return try SGD(parameters: parameters, learningRate: learningRate, momentum: momentum, nesterov: nesterov,
                           weightDecay: weightDecay, learningRateScales: learningRateScales)
        case .adam:
            return try Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps,
                            weightDecay: weightDecay, learningRateScales: learningRateScales)
        case .adamw:
            return try AdamW(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps,
                             weightDecay: weightDecay, learningRateScales: learningRateScales)
        }
    }

    /// The learning-rate schedule over `totalSteps` of this optimizer's steps.
    public func makeSchedule(totalSteps: Int) throws -> any LearningRateSchedule {
        let main: any LearningRateSchedule
        switch schedule {
        case .constant: main = try ConstantSchedule(learningRate)
        case .step: main = try StepSchedule(base: learningRate, stepSize: stepSize, gamma: gamma)
        case .cosine: main = try CosineSchedule(base: learningRate, totalSteps: max(totalSteps, 1), minimum: minimumLearningRate)
        }
        return warmupSteps > 0 ? try WarmupSchedule(warmupSteps: warmupSteps, then: main) : main
    }
}
