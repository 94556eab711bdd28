import DatelineMarkup

/// A QR code (ISO/IEC 18004) for a short text, drawn here so the two-factor set-up page can show
/// its `otpauth://` link as a code a phone's authenticator app scans, with no script and no
/// third-party service seeing the secret.
///
/// Only what that page needs: byte mode, error correction level M (15 % of the code can be lost),
/// versions 1 to 15 (up to 412 bytes), the mask chosen by the standard's penalty rules.
struct QRCode: Sendable {
    /// Dark modules, row by row; `size` × `size`.
    let modules: [[Bool]]
    let version: Int
    var size: Int { modules.count }

    /// The code for `text`, or nil when it is too long for version 15 at level M.
    init?(text: String) {
        let bytes = Array(text.utf8)
        guard let version = (1...15).first(where: { Self.fits(bytes.count, version: $0) }) else { return nil }
        var grid = Grid(version: version)
        grid.drawFunctionPatterns()
        let codewords = Self.interleaved(Self.dataCodewords(bytes, version: version), version: version)
        grid.place(codewords)
        var best: (penalty: Int, modules: [[Bool]])?
        for mask in 0..<8 {
            var candidate = grid
            candidate.apply(mask: mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (penalty, candidate.modules) }
        }
        self.modules = best!.modules
        self.version = version
    }

    /// The code as an SVG image, `pixels` wide, with the standard's four-module quiet zone.
    func svg(pixels: Int, label: String) -> String {
        let extent = size + 8
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(extent) \(extent)\" width=\"\(pixels)\" "
            + "height=\"\(pixels)\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    // MARK: Capacity and codewords

    /// Level M error correction by version: codewords per block, then (blocks, data codewords)
    /// for the short blocks and for the long ones.
    static let levelM: [(ecc: Int, short: (Int, Int), long: (Int, Int))] = [
        (10, (1, 16), (0, 0)), (16, (1, 28), (0, 0)), (26, (1, 44), (0, 0)), (18, (2, 32), (0, 0)),
        (24, (2, 43), (0, 0)), (16, (4, 27), (0, 0)), (18, (4, 31), (0, 0)), (22, (2, 38), (2, 39)),
        (22, (3, 36), (2, 37)), (26, (4, 43), (1, 44)), (30, (1, 50), (4, 51)), (22, (6, 36), (2, 37)),
        (22, (8, 37), (1, 38)), (24, (4, 40), (5, 41)), (24, (5, 41), (5, 42)),
    ]

    static func dataCapacity(version: Int) -> Int {
        let entry = levelM[version - 1]
        return entry.short.0 * entry.short.1 + entry.long.0 * entry.long.1
    }

    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func fits(_ count: Int, version: Int) -> Bool {
        count < 1 << countBits(version: version)
            && 4 + countBits(version: version) + 8 * count <= dataCapacity(version: version) * 8
    }

    /// Mode, count, the bytes, terminator and padding: exactly the version's data codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, countBits(version: version))
        for byte in bytes { append(Int(byte), 8) }
        let capacity = dataCapacity(version: version) * 8
        append(0, min(4, capacity - bits.count))
        if bits.count % 8 != 0 { append(0, 8 - bits.count % 8) }
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks, adds each block's Reed–Solomon codewords, and interleaves them.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let entry = levelM[version - 1]
        var blocks: [[UInt8]] = []
        var start = 0
        for (count, length) in [entry.short, entry.long] {
            for _ in 0..<count {
                blocks.append(Array(data[start..<start + length]))
                start += length
            }
        }
        let divisor = ReedSolomon.divisor(degree: entry.ecc)
        let corrections = blocks.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for i in 0..<(blocks.map(\.count).max() ?? 0) {
            for block in blocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<entry.ecc {
            for correction in corrections { result.append(correction[i]) }
        }
        return result
    }

    /// Positions of the alignment patterns' centres along each axis.
    static func alignmentPositions(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        let size = version * 4 + 17
        var positions = [6]
        for i in 0..<(count - 1) { positions.insert(size - 7 - i * step, at: 1) }
        return positions
    }

    // MARK: The grid

    struct Grid: Sendable {
        var modules: [[Bool]]
        /// Finder, timing, alignment, format and version modules: never data, never masked.
        var isFunction: [[Bool]]
        let version: Int
        var size: Int { modules.count }

        init(version: Int) {
            self.version = version
            let size = version * 4 + 17
            modules = Array(repeating: Array(repeating: false, count: size), count: size)
            isFunction = modules
        }

        mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y][x] = dark
            isFunction[y][x] = true
        }

        mutating func drawFunctionPatterns() {
            for i in 0..<size {
                set(6, i, i % 2 == 0)
                set(i, 6, i % 2 == 0)
            }
            for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 {
                        let x = cx + dx
                        let y = cy + dy
                        guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                        let distance = max(abs(dx), abs(dy))
                        set(x, y, distance != 2 && distance != 4)
                    }
                }
            }
            let positions = QRCode.alignmentPositions(version: version)
            let last = positions.count - 1
            for (i, cx) in positions.enumerated() {
                for (j, cy) in positions.enumerated() {
                    if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                    for dy in -2...2 {
                        for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                    }
                }
            }
            drawFormatBits(mask: 0)  // reserves the format areas; redrawn with the chosen mask
            if version >= 7 {
                var remainder = version
                for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
                let bits = version << 12 | remainder
                for i in 0..<18 {
                    let dark = (bits >> i) & 1 == 1
                    let a = size - 11 + i % 3
                    let b = i / 3
                    set(a, b, dark)
                    set(b, a, dark)
                }
            }
        }

        /// Level M's two bits (00) and the mask, with their BCH check bits, in both places.
        mutating func drawFormatBits(mask: Int) {
            let data = 0b00 << 3 | mask
            var remainder = data
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            let bits = (data << 10 | remainder) ^ 0x5412
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            for i in 0...5 { set(8, i, bit(i)) }
            set(8, 7, bit(6))
            set(8, 8, bit(7))
            set(7, 8, bit(8))
            for i in 9..<15 { set(14 - i, 8, bit(i)) }
            for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
            for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
            set(8, size - 8, true)
        }

        /// The codewords' bits in the standard's two-column zigzag, from the bottom right.
        mutating func place(_ codewords: [UInt8]) {
            var index = 0
            let total = codewords.count * 8
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vertical in 0..<size {
                    for j in 0..<2 {
                        let x = right - j
                        let upward = (right + 1) & 2 == 0
                        let y = upward ? size - 1 - vertical : vertical
                        if !isFunction[y][x] && index < total {
                            modules[y][x] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                            index += 1
                        }
                    }
                }
                right -= 2
            }
        }

        mutating func apply(mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y][x] {
                    let flip: Bool
                    switch mask {
                    case 0: flip = (x + y) % 2 == 0
                    case 1: flip = y % 2 == 0
                    case 2: flip = x % 3 == 0
                    case 3: flip = (x + y) % 3 == 0
                    case 4: flip = (x / 3 + y / 2) % 2 == 0
                    case 5: flip = x * y % 2 + x * y % 3 == 0
                    case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                    default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                    if flip { modules[y][x].toggle() }
                }
            }
        }

        /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, and an uneven
        /// share of dark modules. The mask with the lowest score is used.
        func penalty() -> Int {
            var score = 0
            let columns = (0..<size).map { x in modules.map { $0[x] } }
            for line in modules + columns {
                var run = 1
                for i in 1...line.count {
                    if i < line.count && line[i] == line[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                let pattern: [Bool] = [true, false, true, true, true, false, true]
                for start in 0...(line.count - 7) where Array(line[start..<start + 7]) == pattern {
                    // Beyond the edge is the light quiet zone.
                    let before = (max(0, start - 4)..<start).allSatisfy { !line[$0] }
                    let after = (start + 7..<min(line.count, start + 11)).allSatisfy { !line[$0] }
                    if before || after { score += 40 }
                }
            }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let colour = modules[y][x]
                    if modules[y][x + 1] == colour && modules[y + 1][x] == colour && modules[y + 1][x + 1] == colour {
                        score += 3
                    }
                }
            }
            let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
            let total = size * size
            // Ten points for each full 5 % the dark share strays from half.
            let steps = (abs(dark * 20 - total * 10) + total - 1) / total - 1
            score += max(0, steps) * 10
            return score
        }
    }

    // MARK: Reed–Solomon over GF(256), polynomial 0x11D

    enum ReedSolomon {
        static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
            var z = 0
            for i in stride(from: 7, through: 0, by: -1) {
                z = (z << 1) ^ ((z >> 7) * 0x11D)
                z ^= Int((y >> UInt8(i)) & 1) * Int(x)
            }
            return UInt8(z)
        }

        static func divisor(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for j in 0..<degree {
                    result[j] = multiply(result[j], root)
                    if j + 1 < degree { result[j] ^= result[j + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: divisor.count)
            for byte in data {
                let factor = byte ^ result.removeFirst()
                result.append(0)
                for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
            }
            return result
        }
    }
}
