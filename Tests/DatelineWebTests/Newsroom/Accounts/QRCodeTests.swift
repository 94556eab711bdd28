import Testing

@testable import DatelineWeb

/// Reads codes back the way a scanner does (format bits, unmasking, the zigzag, Reed–Solomon
/// check, the byte-mode payload). The browser suite also decodes the page's code with zxing-cpp,
/// an independent reader.
@Suite("QR codes for two-factor set-up")
struct QRCodeTests {
    static let masks: [@Sendable (Int, Int) -> Bool] = [
        { x, y in (x + y) % 2 == 0 }, { _, y in y % 2 == 0 }, { x, _ in x % 3 == 0 }, { x, y in (x + y) % 3 == 0 },
        { x, y in (x / 3 + y / 2) % 2 == 0 }, { x, y in x * y % 2 + x * y % 3 == 0 },
        { x, y in (x * y % 2 + x * y % 3) % 2 == 0 }, { x, y in ((x + y) % 2 + x * y % 3) % 2 == 0 },
    ]

    /// The 15 format bits read from the copy around the top-left finder, and from the other copy.
    static func formatBits(_ code: QRCode) -> (Int, Int) {
        let m = code.modules
        let size = code.size
        func bit(_ x: Int, _ y: Int) -> Int { m[y][x] ? 1 : 0 }
        var first = 0
        var second = 0
        var positions: [(Int, Int)] = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)]
        positions += (9..<15).map { (14 - $0, 8) }
        for (i, (x, y)) in positions.enumerated() { first |= bit(x, y) << i }
        let others: [(Int, Int)] = (0..<8).map { (size - 1 - $0, 8) } + (8..<15).map { (8, size - 15 + $0) }
        for (i, (x, y)) in others.enumerated() { second |= bit(x, y) << i }
        return (first, second)
    }

    /// Everything a reader does after finding the code: returns the payload bytes.
    static func decode(_ code: QRCode) throws -> [UInt8] {
        let (first, second) = formatBits(code)
        #expect(first == second, "both copies of the format information agree")
        let unmasked = first ^ 0x5412
        let data = unmasked >> 10
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        #expect(remainder == unmasked & 0x3FF, "the format bits carry a valid BCH check")
        #expect(data >> 3 == 0, "error correction level M")
        let mask = masks[data & 7]
        var grid = QRCode.Grid(version: code.version)
        grid.drawFunctionPatterns()
        for y in 0..<code.size {
            for x in 0..<code.size where grid.isFunction[y][x] && x != 8 && y != 8 {
                #expect(grid.modules[y][x] == code.modules[y][x], "function pattern at \(x),\(y)")
            }
        }
        // The zigzag, reading.
        var bits: [Bool] = []
        var right = code.size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<code.size {
                for j in 0..<2 {
                    let x = right - j
                    let y = (right + 1) & 2 == 0 ? code.size - 1 - vertical : vertical
                    if !grid.isFunction[y][x] { bits.append(code.modules[y][x] != mask(x, y)) }
                }
            }
            right -= 2
        }
        let codewords = stride(from: 0, to: bits.count - 7, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        // De-interleave into blocks and check each block's Reed–Solomon codewords.
        let entry = QRCode.levelM[code.version - 1]
        let lengths =
            Array(repeating: entry.short.1, count: entry.short.0) + Array(repeating: entry.long.1, count: entry.long.0)
        var blocks = lengths.map { _ in [UInt8]() }
        var index = 0
        for i in 0..<(lengths.max() ?? 0) {
            for b in blocks.indices where i < lengths[b] {
                blocks[b].append(codewords[index])
                index += 1
            }
        }
        var corrections = lengths.map { _ in [UInt8]() }
        for _ in 0..<entry.ecc {
            for b in blocks.indices {
                corrections[b].append(codewords[index])
                index += 1
            }
        }
        let divisor = QRCode.ReedSolomon.divisor(degree: entry.ecc)
        for (block, correction) in zip(blocks, corrections) {
            #expect(QRCode.ReedSolomon.remainder(block, divisor: divisor) == correction, "a block's check codewords")
        }
        // Byte mode, count, payload.
        let data8 = blocks.flatMap { $0 }
        var payloadBits: [Bool] = data8.flatMap { byte in (0..<8).map { (byte >> (7 - $0)) & 1 == 1 } }
        func take(_ count: Int) -> Int {
            let value = payloadBits.prefix(count).reduce(0) { ($0 << 1) | ($1 ? 1 : 0) }
            payloadBits.removeFirst(count)
            return value
        }
        #expect(take(4) == 0b0100, "byte mode")
        let count = take(QRCode.countBits(version: code.version))
        return (0..<count).map { _ in UInt8(take(8)) }
    }

    @Test("Reed–Solomon over GF(256): the generator of degree 7 is the standard's")
    func generator() {
        // ISO/IEC 18004 lists the degree-7 generator's exponents as 87, 229, 146, 149, 238, 102, 21.
        func power(_ exponent: Int) -> UInt8 {
            var value: UInt8 = 1
            for _ in 0..<exponent { value = QRCode.ReedSolomon.multiply(value, 2) }
            return value
        }
        #expect(QRCode.ReedSolomon.divisor(degree: 7) == [87, 229, 146, 149, 238, 102, 21].map(power))
    }

    @Test(
        "every length from one byte to the largest version reads back",
        arguments: [1, 14, 15, 60, 106, 120, 160, 230, 300, 412])
    func roundTrip(length: Int) throws {
        let text = String((0..<length).map { Character(UnicodeScalar(UInt8(33 + ($0 * 7) % 90))) })
        let code = try #require(QRCode(text: text))
        #expect(code.size == code.version * 4 + 17)
        #expect(try Self.decode(code) == Array(text.utf8))
    }

    @Test("an otpauth link fits a small code; text beyond version 15 gives no code")
    func limits() throws {
        let link =
            "otpauth://totp/Dateline%20newsroom:ann.lee%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=Dateline%20newsroom&algorithm=SHA1&digits=6&period=30"
        let code = try #require(QRCode(text: link))
        #expect(code.version <= 10, "a 161-byte link needs version 9 at level M")
        #expect(try Self.decode(code) == Array(link.utf8))
        #expect(QRCode(text: String(repeating: "a", count: 413)) == nil)
        let svg = code.svg(pixels: 200, label: "a <label>")
        #expect(svg.contains("aria-label=\"a &lt;label&gt;\""))
        #expect(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\""))
    }
}
