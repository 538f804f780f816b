import Foundation

/// A terminal colour as a theme names it: the terminal's default, one of the 16 ANSI colours, a
/// 256-colour index, or 24-bit RGB (downgraded to what the terminal has, never via `init_color`).
public enum Color: Hashable, Sendable {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    public static let names: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright_black": 8, "gray": 8, "grey": 8, "bright_red": 9, "bright_green": 10, "bright_yellow": 11,
        "bright_blue": 12, "bright_magenta": 13, "bright_cyan": 14, "bright_white": 15,
    ]

    /// Parses `default`, a colour name, `0`–`255`, or `#rrggbb`; nil when it is none of these.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t.isEmpty { self = .default; return }
        if let n = Color.names[t] { self = .indexed(n); return }
        if let n = Int(t), (0...255).contains(n) { self = .indexed(UInt8(n)); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)); return
        }
        return nil
    }

    /// The colour the terminal can show: an index below `colors` (256, 16 or 8), or nil for the default.
    public func index(forPalette colors: Int) -> Int? {
        switch self {
        case .default: return nil
        case .indexed(let i):
            if Int(i) < colors { return Int(i) }
            let (r, g, b) = Color.rgbOf(index: Int(i))
            return Color.nearest(r, g, b, within: colors)
        case .rgb(let r, let g, let b):
            if colors >= 256 { return Color.cube(r, g, b) }
            return Color.nearest(Int(r), Int(g), Int(b), within: colors)
        }
    }

    /// The xterm 256-colour palette entry for an RGB colour: the 6×6×6 cube or the grey ramp, whichever is closer.
    static func cube(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (cr, cg, cb) = (level(r), level(g), level(b))
        let cubeIndex = 16 + 36 * cr + 6 * cg + cb
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = avg > 238 ? 255 : max(232, 232 + (avg - 3) / 10)
        let c = rgbOf(index: cubeIndex), g2 = rgbOf(index: greyIndex)
        return distance(c, (Int(r), Int(g), Int(b))) <= distance(g2, (Int(r), Int(g), Int(b))) ? cubeIndex : greyIndex
    }

    static let ansi: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgbOf(index i: Int) -> (Int, Int, Int) {
        if i < 16 { return ansi[i] }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let n = i - 16
        func v(_ c: Int) -> Int { c == 0 ? 0 : 55 + c * 40 }
        return (v(n / 36), v(n / 6 % 6), v(n % 6))
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }

    /// The nearest of the first `colors` ANSI colours (16 or 8).
    static func nearest(_ r: Int, _ g: Int, _ b: Int, within colors: Int) -> Int {
        let n = min(16, max(1, colors))
        return (0..<n).min { distance(ansi[$0], (r, g, b)) < distance(ansi[$1], (r, g, b)) } ?? 7
    }
}

/// Text attributes.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let italic = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
    public static let reverse = Attributes(rawValue: 16)

    public static let names: [String: Attributes] = ["bold": .bold, "dim": .dim, "italic": .italic,
                                                     "underline": .underline, "reverse": .reverse]
}

/// How a cell looks.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var attrs: Attributes
    public init(fg: Color = .default, bg: Color = .default, attrs: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attrs = attrs
    }
    public static let plain = Style()
}
