public import Foundation

/// Small real files the demo's customers send, made by code rather than kept as binary blobs: a PNG
/// "screenshot" of a failed transfer, a one-page PDF statement, and an AMR voice note.
public enum DemoMedia {
    /// A `width`×`height` PNG (8-bit RGB, stored deflate blocks): a phone-app screen with a red error banner.
    public static func screenshot(width: Int = 120, height: Int = 200) -> Data {
        var raw: [UInt8] = []
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width {
                let pixel: (UInt8, UInt8, UInt8)
                switch y {
                case 0..<24: pixel = (0x0B, 0x4F, 0x9C)                                  // the bank's blue title bar
                case 70..<110: pixel = x > 8 && x < width - 8 ? (0xD9, 0x30, 0x25) : (0xF4, 0xF4, 0xF4)  // "Transfer gagal"
                case 140..<150 where x > 20 && x < width - 20: pixel = (0x9A, 0x9A, 0x9A)
                case 160..<170 where x > 20 && x < width - 40: pixel = (0x9A, 0x9A, 0x9A)
                default: pixel = (0xF4, 0xF4, 0xF4)
                }
                raw += [pixel.0, pixel.1, pixel.2]
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return Data(png)
    }

    /// A one-page PDF with these lines of text (Helvetica), its cross-reference offsets computed.
    public static func statement(_ lines: [String]) -> Data {
        var text = "BT /F1 12 Tf 56 780 Td 16 TL\n"
        for l in lines {
            let escaped = l.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
            text += "(\(escaped)) Tj T*\n"
        }
        text += "ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    /// An AMR-NB voice note of `seconds` (12.2 kbit/s frames, 50 a second).
    public static func voiceNote(seconds: Int = 3) -> Data {
        var out = Array("#!AMR\n".utf8)
        var state: UInt32 = 0x2545F491
        for _ in 0..<(seconds * 50) {
            out.append(0x3C)  // frame type 7 (12.2 kbit/s), quality bit set
            for _ in 0..<31 {
                state ^= state << 13; state ^= state >> 17; state ^= state << 5
                out.append(UInt8(truncatingIfNeeded: state) & 0x0F)  // quiet
            }
        }
        return Data(out)
    }

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    /// zlib with stored (uncompressed) deflate blocks of at most 65,535 bytes, and the Adler-32 trailer.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65_535, data.count - i)
            let last: UInt8 = i + n >= data.count ? 1 : 0
            out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[i..<i + n]
            i += n
        } while i < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return out + be32(Int(b << 16 | a))
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
