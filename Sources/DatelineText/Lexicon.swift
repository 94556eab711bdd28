/// One story's vocabulary: each distinct lower-case word form once, numbered, with its term and
/// the word lists it belongs to read once.
///
/// The tokenizer interns every word it makes (``WordTokenizer/words(in:lexicon:)``), so the
/// rankers compare integers — a sentence's terms are a sorted array of term numbers, a word's
/// membership of the stopword or title lists is a bit — instead of hashing the same strings again
/// in every feature. The table hashes a word's lower-case bytes with FNV-1a, without making a
/// string, and hands back the form it already holds, so a repeated word costs no allocation;
/// terms and the word lists are found by the same kind of table (``InternTable``).
///
/// A lexicon belongs to one story; its numbers mean nothing outside it. It is a value, passed
/// `inout` to the tokenizer, so reading it needs no run-time exclusivity checks.
struct Lexicon {
    /// Each lexeme's lower-case form, by lexeme number.
    private(set) var forms: [String] = []
    /// Each lexeme's term number, or -1 when the word is no term (a stopword, punctuation).
    private(set) var terms: [Int32] = []
    /// Each lexeme's list memberships.
    private(set) var marks: [Word.Marks] = []

    /// Makes an empty lexicon with room for a story's words.
    init() {
        forms.reserveCapacity(512)
        terms.reserveCapacity(512)
        marks.reserveCapacity(512)
    }
    /// The lexemes' lower-case bytes.
    private var lexemes = InternTable()
    /// The terms' bytes, numbered in order of first use.
    private var termTable = InternTable()

    /// A story's sentences cut into words, every word interned in one new lexicon.
    static func interning<Texts: Sequence>(_ sentences: Texts) -> (words: [[Word]], lexicon: Lexicon)
    where Texts.Element == String {
        var lexicon = Lexicon()
        let words = sentences.map { WordTokenizer.words(in: $0, lexicon: &lexicon) }
        return (words, lexicon)
    }

    /// How many distinct terms the story has; term numbers run from 0 to one less.
    var termCount: Int { termTable.count }

    /// The term number of `term`, or nil when no word of the story has that term.
    func termNumber(of term: String) -> Int32? {
        var term = term
        return term.withUTF8 { termTable.find(exactly: $0, hash: InternTable.hash($0)) }
    }

    /// The lexeme whose form is the ASCII bytes `range` of `source` lower-cased, or nil.
    @inline(__always)
    package func find(lowering source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hash: UInt32) -> Int32? {
        lexemes.find(lowering: source, range, hash: hash)
    }

    /// The lexeme whose form has exactly the UTF-8 bytes `form`, or nil.
    package func find(exactly form: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        lexemes.find(exactly: form, hash: hash)
    }

    /// Adds a lexeme not yet held: its lower-case form, whether the word was ASCII, and the hash
    /// of the form's bytes (``InternTable/hash(_:)``). Reads its term and list memberships once,
    /// from the form's bytes.
    mutating func add(_ lower: String, isASCII: Bool, hash: UInt32) -> Int32 {
        var form = lower
        return form.withUTF8 { bytes in
            let lexeme = lexemes.insert(bytes, hash: hash)
            forms.append(lower)
            let wordMarks = Word.Marks.of(lower, bytes: bytes, hash: hash)
            marks.append(wordMarks)
            let isStopword = wordMarks.contains(.stopword)
            switch isASCII ? Term.ofASCII(bytes, isStopword: isStopword) : .other(Term.of(lower)) {
            case .none, .other(nil):
                terms.append(-1)
            case .same:
                terms.append(termTable.find(exactly: bytes, hash: hash) ?? termTable.insert(bytes, hash: hash))
            case .prefix(let length, let endsInY):
                terms.append(
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length + 1) { buffer in
                        for index in 0..<length { buffer[index] = bytes[index] }
                        if endsInY { buffer[length] = UInt8(ascii: "y") }
                        let term = UnsafeBufferPointer(rebasing: buffer[0..<(length + (endsInY ? 1 : 0))])
                        let termHash = InternTable.hash(term)
                        return termTable.find(exactly: term, hash: termHash) ?? termTable.insert(term, hash: termHash)
                    })
            case .other(var term?):
                terms.append(
                    term.withUTF8 { term in
                        let termHash = InternTable.hash(term)
                        return termTable.find(exactly: term, hash: termHash) ?? termTable.insert(term, hash: termHash)
                    })
            }
            return lexeme
        }
    }

    /// The sorted distinct term numbers of some words interned here.
    func termSet(of words: [Word]) -> [Int32] {
        var set: [Int32] = []
        set.reserveCapacity(words.count)
        for word in words where word.lexeme >= 0 {
            let term = terms[Int(word.lexeme)]
            if term >= 0 { set.append(term) }
        }
        set.sort()
        var kept = 0
        for index in set.indices where kept == 0 || set[index] != set[kept - 1] {
            set[kept] = set[index]
            kept += 1
        }
        set.removeLast(set.count - kept)
        return set
    }
}

/// Byte strings numbered in order of insertion, found again by an FNV-1a hash of their bytes
/// with open addressing: no `String` is made or hashed to look one up. Shared with the HTML
/// reader, which finds class-name words by it.
package struct InternTable: Sendable {
    /// The strings' bytes back to back, and where each starts (one more entry than strings).
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt32] = []
    /// Number + 1 of the string in each slot, or 0 for an empty slot; the size is a power of two.
    private var slots: [Int32]

    /// A table sized for about `expected` strings before it grows (a story has a few hundred
    /// distinct words).
    package init(expected: Int = 512) {
        let size = max(16, (expected * 2).nextPowerOfTwo)
        slots = [Int32](repeating: 0, count: size)
        hashes.reserveCapacity(expected)
        starts.reserveCapacity(expected + 1)
        bytes.reserveCapacity(expected * 8)
    }

    /// A table of `words` (distinct), numbered in their order from 0.
    package init<Words: Collection>(numbering words: Words) where Words.Element == String {
        self.init(expected: words.count)
        for word in words {
            var word = word
            _ = word.withUTF8 { insert($0, hash: Self.hash($0)) }
        }
    }

    /// How many strings the table holds.
    package var count: Int { hashes.count }

    /// FNV-1a over bytes as they are.
    @inlinable @inline(__always) package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// FNV-1a over the ASCII bytes `range` of `bytes`, lower-cased on the way: the hash of the
    /// lower-case form, without making it.
    @inlinable @inline(__always)
    package static func hashLowered(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for index in range {
            let byte = bytes[index]
            hash = (hash ^ UInt32(byte >= 65 && byte <= 90 ? byte | 0x20 : byte)) &* 16_777_619
        }
        return hash
    }

    /// The number of the string that is the ASCII bytes `range` of `source` lower-cased, or nil.
    @inline(__always)
    package func find(lowering source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hash: UInt32) -> Int32? {
        probe(hash: hash, count: range.count) { offset in
            let byte = source[range.lowerBound + offset]
            return byte >= 65 && byte <= 90 ? byte | 0x20 : byte
        }
    }

    /// The number of the string with exactly the bytes `form`, or nil.
    package func find(exactly form: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        probe(hash: hash, count: form.count) { form[$0] }
    }

    /// The number of the string of `count` bytes, `byte(i)` the i-th, whose hash is `hash`, or nil.
    @inline(__always) private func probe(hash: UInt32, count: Int, byte: (Int) -> UInt8) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            let number = Int(entry - 1)
            if hashes[number] == hash, starts[number + 1] - starts[number] == count {
                let start = starts[number]
                var offset = 0
                while offset < count, bytes[start + offset] == byte(offset) { offset += 1 }
                if offset == count { return entry - 1 }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a string the table does not hold (the caller has looked) and returns its number.
    package mutating func insert(_ form: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        let number = Int32(hashes.count)
        bytes.append(contentsOf: form)
        starts.append(bytes.count)
        hashes.append(hash)
        if hashes.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for (other, hash) in hashes.enumerated() { place(Int32(other), hash: hash) }
        } else {
            place(number, hash: hash)
        }
        return number
    }

    private mutating func place(_ number: Int32, hash: UInt32) {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = number + 1
    }
}

/// Sorted arrays of distinct term numbers, compared without hashing.
enum TermSet {
    /// How many numbers two sorted sets share.
    @inline(__always) static func sharedCount(_ lhs: [Int32], _ rhs: [Int32]) -> Int {
        var left = 0
        var right = 0
        var shared = 0
        while left < lhs.count, right < rhs.count {
            let a = lhs[left]
            let b = rhs[right]
            if a == b {
                shared += 1
                left += 1
                right += 1
            } else if a < b {
                left += 1
            } else {
                right += 1
            }
        }
        return shared
    }

    /// True when two sorted sets share a number.
    @inline(__always) static func intersects(_ lhs: [Int32], _ rhs: [Int32]) -> Bool {
        var left = 0
        var right = 0
        while left < lhs.count, right < rhs.count {
            let a = lhs[left]
            let b = rhs[right]
            if a == b { return true }
            if a < b { left += 1 } else { right += 1 }
        }
        return false
    }
}

extension Int {
    /// The least power of two at least as large (1 for 0 or less).
    fileprivate var nextPowerOfTwo: Int {
        var power = 1
        while power < self { power <<= 1 }
        return power
    }
}
