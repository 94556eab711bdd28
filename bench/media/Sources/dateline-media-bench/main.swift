// dateline-media-bench: makes one rendition per file with Dateline's image pipeline, the way the
// server will, in one process and on one thread.
//
//   dateline-media-bench --check FILE...                      prints the files the pipeline accepts
//   dateline-media-bench --width 960 --format webp [--out DIR] FILE...
import DatelineMedia
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
var width = 960
var format = RenditionFormat.webp
var outputFolder: String?
var checkOnly = false
var files: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--width": width = Int(arguments.removeFirst()) ?? width
    case "--format":
        let name = arguments.removeFirst()
        guard let chosen = RenditionFormat(rawValue: name) else {
            FileHandle.standardError.write(Data("unknown format \(name)\n".utf8))
            exit(2)
        }
        format = chosen
    case "--out": outputFolder = arguments.removeFirst()
    case "--check": checkOnly = true
    default: files.append(argument)
    }
}

let pipeline = ImagePipeline()
var made = 0
var failed = 0
var bytesOut = 0
for file in files {
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        if checkOnly {
            _ = try pipeline.validate(data)
            print(file)
            continue
        }
        let rendition = try OriginalImage(data, pipeline: pipeline).rendition(width: width, format: format)
        bytesOut += rendition.bytes.count
        if let outputFolder {
            let name = (file as NSString).lastPathComponent
            try Data(rendition.bytes).write(
                to: URL(fileURLWithPath: outputFolder).appendingPathComponent("\(name).\(format.fileExtension)"))
        }
        made += 1
    } catch {
        failed += 1
        FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
    }
}
if !checkOnly {
    FileHandle.standardError.write(Data("made \(made) renditions (\(bytesOut) bytes), \(failed) failed\n".utf8))
}
exit(failed == 0 ? 0 : 1)
