/// A straight-alpha RGBA colour with components in 0...1, for fills, borders and drawing.
/// ``components(channels:)`` maps it onto an image of any channel count.
public struct Color: Equatable, Hashable, Sendable {
    public var red: Float
    public var green: Float
    public var blue: Float
    public var alpha: Float

    public init(red: Float, green: Float, blue: Float, alpha: Float = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A gray level (all three colour components equal).
    public init(gray: Float, alpha: Float = 1) {
        self.init(red: gray, green: gray, blue: gray, alpha: alpha)
    }

    public static let black = Color(gray: 0)
    public static let white = Color(gray: 1)
    public static let red = Color(red: 1, green: 0, blue: 0)
    public static let green = Color(red: 0, green: 0.8, blue: 0)
    public static let blue = Color(red: 0, green: 0.3, blue: 1)
    public static let yellow = Color(red: 1, green: 0.85, blue: 0)
    public static let transparent = Color(gray: 0, alpha: 0)

    /// ITU-R BT.601 luma, the weights PIL's `convert("L")` uses.
    public var luma: Float { 0.299 * red + 0.587 * green + 0.114 * blue }

    /// The samples for an image with `channels` channels: gray is the luma, alpha comes last.
    public func components(channels: Int) -> [Float] {
        switch channels {
        case 1: return [luma]
        case 2: return [luma, alpha]
        case 3: return [red, green, blue]
        default: return [red, green, blue, alpha]
        }
    }
}
