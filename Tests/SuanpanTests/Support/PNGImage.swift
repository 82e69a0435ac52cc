import CInflate
import Foundation

/// A PNG decoded to RGBA pixels, enough to read what a renderer drew: 8-bit RGB or
/// RGBA (rsvg-convert writes RGBA), not interlaced; chunks, zlib data and the five
/// row filters of the PNG specification.
struct PNGImage {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Pixel: Equatable {
        let r: UInt8, g: UInt8, b: UInt8, a: UInt8

        /// Whether every channel is within `tolerance` of `hex` (`#rrggbb`), opaque.
        func near(_ hex: String, tolerance: Int = 12) -> Bool {
            let v = Int(hex.dropFirst(), radix: 16)!
            let target = [(v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF]
            return a > 200 && zip([r, g, b].map(Int.init), target).allSatisfy { abs($0 - $1) <= tolerance }
        }

        /// Darker than the page: part of a glyph or a line.
        var isInk: Bool { a > 100 && (Int(r) + Int(g) + Int(b)) / 3 < 170 }
    }

    let width: Int
    let height: Int
    private let rgba: [UInt8]

    init(_ bytes: [UInt8]) throws {
        guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw Failure(description: "not a PNG")
        }
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var i = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while i + 8 <= bytes.count {
            let length = be32(i)
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            guard i + 12 + length <= bytes.count else { throw Failure(description: "chunk \(type) cut short") }
            let data = Array(bytes[(i + 8)..<(i + 8 + length)])
            if type == "IHDR" { header = data }
            if type == "IDAT" { compressed += data }
            i += 12 + length
            if type == "IEND" { break }
        }
        guard header.count == 13 else { throw Failure(description: "no IHDR") }
        width = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        height = Int(header[4]) << 24 | Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
        let depth = header[8]
        let colour = header[9]
        let interlace = header[12]
        guard depth == 8, colour == 6 || colour == 2, interlace == 0 else {
            throw Failure(description: "unsupported PNG: depth \(depth), colour type \(colour), interlace \(interlace)")
        }
        let channels = colour == 6 ? 4 : 3
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            compressed.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else {
            throw Failure(description: "zlib data: status \(status), \(rawLength) bytes")
        }
        // Undo the row filters.
        var image = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let row = y * (stride + 1) + 1
            for x in 0..<stride {
                let a = x >= channels ? Int(image[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(image[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(image[(y - 1) * stride + x - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let pa = abs(p - a)
                    let pb = abs(p - b)
                    let pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure(description: "row \(y): filter \(filter)")
                }
                image[y * stride + x] = UInt8((Int(raw[row + x]) + predictor) & 0xFF)
            }
        }
        if channels == 4 {
            rgba = image
        } else {
            var out: [UInt8] = []
            out.reserveCapacity(width * height * 4)
            for p in 0..<(width * height) { out += [image[p * 3], image[p * 3 + 1], image[p * 3 + 2], 255] }
            rgba = out
        }
    }

    subscript(x x: Int, y y: Int) -> Pixel {
        let i = (y * width + x) * 4
        return Pixel(r: rgba[i], g: rgba[i + 1], b: rgba[i + 2], a: rgba[i + 3])
    }

    /// Pixels of a box (clipped to the image), row by row.
    func pixels(inX x0: Int, _ x1: Int, y y0: Int, _ y1: Int) -> [(x: Int, y: Int, pixel: Pixel)] {
        var out: [(Int, Int, Pixel)] = []
        let xs = max(0, x0)..<max(max(0, x0), min(width, x1 + 1))
        let ys = max(0, y0)..<max(max(0, y0), min(height, y1 + 1))
        for y in ys {
            for x in xs { out.append((x, y, self[x: x, y: y])) }
        }
        return out
    }
}
