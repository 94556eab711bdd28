import DatelineCore
import Foundation
import Testing

@testable import DatelineIngest

/// The reader on real pages nobody on the project wrote: the labelled 2008 CNN pages and the
/// extraction benchmark's development set (both read from `../shared/data`, never copied).
@Suite("HTML reader on shared pages")
struct HTMLSharedPagesTests {
    @Test(
        "the 2008 CNN pages read with their gold headline and full text",
        .enabled(if: HTMLFixtures.hasCNN2008, "needs ../shared/data (evaluation data) beside the repository"))
    func cnn2008() throws {
        let folder = HTMLFixtures.cnn2008
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".original.html")
        }
        #expect(!names.isEmpty)
        for name in names {
            let id = String(name.dropLast(".original.html".count))
            let gold =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: folder.appendingPathComponent("\(id).gold.json"))) as? [String: Any]
            let fullText = (gold?["fulltext"] as? [String] ?? []).joined(separator: " ")
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            let article = try HTMLPageReader().extract(RawPage(bytes: bytes, location: name))
            let ours = Set(Self.words(article.printedText))
            let expected = Self.words(fullText)
            let found = expected.filter { ours.contains($0) }.count
            #expect(Double(found) >= Double(expected.count) * 0.9, "\(name): \(found) of \(expected.count) words")
            #expect(article.headline.map { fullText.contains($0) || $0.count > 10 } == true, "\(name)")
        }
    }

    @Test(
        "on the benchmark's development set the body F1 stays above 0.9",
        .enabled(if: HTMLFixtures.hasBenchmark, "needs ../shared/data (evaluation data) beside the repository"))
    func benchmark() throws {
        let truthData = try Data(contentsOf: HTMLFixtures.zyteDev.appendingPathComponent("ground-truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]])
        let reader = HTMLPageReader()
        var precisions: [Double] = []
        var recalls: [Double] = []
        for (id, entry) in truth {
            let expected = entry["articleBody"] as? String ?? ""
            let url = HTMLFixtures.zyteDev.appendingPathComponent("html/\(id).html.gz")
            let predicted = (try? reader.extractText(RawPage(bytes: try Data(contentsOf: url), location: id))) ?? ""
            let (precision, recall) = Self.pageScores(predicted, expected)
            if let precision { precisions.append(precision) }
            if let recall { recalls.append(recall) }
        }
        let precision = precisions.reduce(0, +) / Double(max(precisions.count, 1))
        let recall = recalls.reduce(0, +) / Double(max(recalls.count, 1))
        let f1 = 2 * precision * recall / max(precision + recall, .ulpOfOne)
        #expect(f1 >= 0.9, "F1 \(f1) (precision \(precision), recall \(recall))")
    }

    /// Runs of letters and digits, the benchmark's `\w+` tokens.
    static func words(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }

    /// The benchmark's per-page precision and recall over 4-token shingles (nil where undefined).
    static func pageScores(_ predicted: String, _ truth: String) -> (Double?, Double?) {
        func shingles(_ text: String) -> [String: Int] {
            let tokens = words(text)
            var counts: [String: Int] = [:]
            if tokens.count >= 4 {
                for start in 0...(tokens.count - 4) {
                    counts[tokens[start..<(start + 4)].joined(separator: " "), default: 0] += 1
                }
            }
            return counts
        }
        let ours = shingles(predicted)
        let theirs = shingles(truth)
        if ours.isEmpty && theirs.isEmpty { return (1, 1) }
        let common = ours.reduce(0) { $0 + min($1.value, theirs[$1.key] ?? 0) }
        let ourTotal = ours.values.reduce(0, +)
        let theirTotal = theirs.values.reduce(0, +)
        return (
            ourTotal > 0 ? Double(common) / Double(ourTotal) : nil,
            theirTotal > 0 ? Double(common) / Double(theirTotal) : nil
        )
    }
}
