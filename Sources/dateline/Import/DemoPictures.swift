import DatelineMedia
import Foundation

/// The demo archive's pictures: simple scenes drawn here in code (gradients and shapes, no
/// photographs), each with alt text saying it is a drawing, a caption and the credit
/// "Dateline demo". Drawn at 1200 × 750, the smallest size search engines take for a lead image.
enum DemoPictures {
    struct Picture: Sendable {
        let fileName: String
        let altText: String
        let caption: String
        let draw: @Sendable () -> DrawnPicture
    }

    static let width = 1200
    static let height = 750
    static let credit = "Dateline demo"

    /// Lead pictures by demo page file name.
    static let leads: [String: Picture] = [
        "001-lisbon-tram-line.txt": Picture(
            fileName: "demo-tram.jpg",
            altText: "Drawing of a yellow tram climbing a hill street under an orange evening sky",
            caption: "The new line climbs from the river to the old town.", draw: tram),
        "005-colorado-spring-snowstorm.txt": Picture(
            fileName: "demo-snow.jpg",
            altText: "Drawing of snow falling over grey-blue mountains",
            caption: "Snow closed the passes for a second day.", draw: snow),
        "006-harbourlight-festival-opens.txt": Picture(
            fileName: "demo-lanterns.jpg",
            altText: "Drawing of warm lanterns hanging over a dark harbour at night",
            caption: "Lanterns over the harbour on the festival's first night.", draw: lanterns),
        "008-loire-river-rises.txt": Picture(
            fileName: "demo-river.jpg",
            altText: "Drawing of a broad brown river running high between green banks",
            caption: "The river ran close to the top of its banks.", draw: river),
        "009-halifax-electric-ferries.txt": Picture(
            fileName: "demo-ferry.jpg",
            altText: "Drawing of a white ferry with a blue stripe crossing calm water",
            caption: "One of the new electric ferries on a trial crossing.", draw: ferry),
    ]

    /// A second picture placed inside one story's body, to show a figure in the text.
    static let inline: (page: String, afterParagraph: Int, picture: Picture) = (
        "006-harbourlight-festival-opens.txt", 2,
        Picture(
            fileName: "demo-boats.jpg", altText: "Drawing of small boats with lights on the water at dusk",
            caption: "Boats gathered by the quay before the opening.", draw: boats)
    )

    // MARK: Scenes

    static func tram() -> DrawnPicture {
        var picture = DrawnPicture(width: width, height: height, top: (0.98, 0.62, 0.30), bottom: (0.55, 0.28, 0.45))
        picture.circle(x: 930, y: 190, radius: 80, colour: (1.0, 0.86, 0.55))
        // The hill: a slope rising to the right.
        picture.fill(
            columns: 0..<width, rows: 300..<height, where: { x, y in y > 620 - x * 0.25 },
            paint: { _, y in DrawnPicture.mix((0.42, 0.36, 0.33), (0.25, 0.2, 0.2), (y - 300) / 450) })
        // The tram, on the slope, with its windows.
        let (tx, ty) = (430.0, 395.0)
        picture.rectangle(x: tx, y: ty, width: 300, height: 130, colour: (0.98, 0.80, 0.12))
        picture.rectangle(x: tx, y: ty + 95, width: 300, height: 12, colour: (0.80, 0.20, 0.15))
        for index in 0..<5 {
            picture.rectangle(
                x: tx + 18 + Double(index) * 56, y: ty + 22, width: 40, height: 50, colour: (0.98, 0.95, 0.82))
        }
        picture.rectangle(x: tx + 140, y: ty - 50, width: 6, height: 50, colour: (0.2, 0.2, 0.2))
        return picture
    }

    static func snow() -> DrawnPicture {
        var picture = DrawnPicture(width: width, height: height, top: (0.55, 0.62, 0.72), bottom: (0.82, 0.85, 0.9))
        for (peak, base, colour) in [
            (350.0, 420.0, (0.42, 0.48, 0.58)), (800.0, 380.0, (0.36, 0.42, 0.52)), (1100.0, 460.0, (0.45, 0.5, 0.6)),
        ] {
            picture.fill(
                columns: 0..<width, rows: Int(750 - base - 20)..<height,
                where: { x, y in y > 750 - base + abs(x - peak) * 0.9 },
                paint: { _, y in y < 750 - base + 90 ? (0.96, 0.97, 1.0) : colour })
        }
        var seed: UInt64 = 2_026
        for _ in 0..<500 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let x = Double((seed >> 33) % UInt64(width))
            let y = Double((seed >> 13) % 750)
            picture.circle(x: x, y: y, radius: Double(2 + (seed >> 50) % 4), colour: (1, 1, 1))
        }
        return picture
    }

    static func lanterns() -> DrawnPicture {
        var picture = DrawnPicture(width: width, height: height, top: (0.05, 0.07, 0.2), bottom: (0.1, 0.14, 0.3))
        picture.fill(
            columns: 0..<width, rows: 520..<height, where: { _, _ in true },
            paint: { x, y in
                let ripple = (Int(y) / 9 + Int(x) / 140) % 2 == 0
                return ripple ? (0.06, 0.1, 0.22) : (0.1, 0.16, 0.3)
            })
        let colours: [DrawnPicture.Colour] = [(1, 0.7, 0.25), (0.98, 0.45, 0.3), (1, 0.85, 0.4), (0.95, 0.55, 0.6)]
        for index in 0..<11 {
            let x = 70 + Double(index) * 105
            let y = 170 + 60 * sin(Double(index) * 0.9)
            picture.rectangle(x: x - 1, y: 0, width: 2, height: y - 30, colour: (0.5, 0.5, 0.55))
            picture.circle(x: x, y: y, radius: 34, colour: colours[index % colours.count])
            // Its reflection in the water.
            picture.rectangle(
                x: x - 10, y: 560 + Double(index % 3) * 30, width: 20, height: 60,
                colour: DrawnPicture.mix(colours[index % colours.count], (0.1, 0.16, 0.3), 0.55))
        }
        return picture
    }

    static func river() -> DrawnPicture {
        var picture = DrawnPicture(width: width, height: height, top: (0.72, 0.82, 0.9), bottom: (0.88, 0.9, 0.92))
        picture.fill(
            columns: 0..<width, rows: 260..<height, where: { _, y in y > 280 },
            paint: { _, y in DrawnPicture.mix((0.45, 0.62, 0.32), (0.28, 0.45, 0.2), (y - 280) / 470) })
        // The river: a band widening towards the viewer.
        picture.fill(
            columns: 0..<width, rows: 280..<height,
            where: { x, y in
                let middle = 600 + (y - 280) * 0.3 * sin(y / 120)
                let half = 40 + (y - 280) * 0.75
                return abs(x - middle) < half
            },
            paint: { x, y in (Int(x + y * 2) / 60) % 5 == 0 ? (0.62, 0.5, 0.36) : (0.52, 0.42, 0.3) })
        return picture
    }

    static func ferry() -> DrawnPicture {
        var picture = DrawnPicture(width: width, height: height, top: (0.62, 0.8, 0.95), bottom: (0.2, 0.42, 0.6))
        picture.fill(
            columns: 0..<width, rows: 430..<height, where: { _, _ in true },
            paint: { _, y in DrawnPicture.mix((0.2, 0.45, 0.62), (0.08, 0.25, 0.42), (y - 430) / 320) })
        // The hull narrows towards the keel.
        picture.fill(
            columns: 250..<950, rows: 380..<470,
            where: { x, y in x > 260 + (y - 380) * 0.6 && x < 940 - (y - 380) * 0.3 },
            paint: { _, y in y > 420 && y < 436 ? (0.1, 0.35, 0.7) : (0.97, 0.97, 0.97) })
        picture.rectangle(x: 380, y: 300, width: 420, height: 80, colour: (0.93, 0.94, 0.95))
        for index in 0..<8 {
            picture.rectangle(x: 400 + Double(index) * 50, y: 320, width: 32, height: 26, colour: (0.2, 0.3, 0.4))
        }
        picture.rectangle(x: 560, y: 250, width: 60, height: 50, colour: (0.1, 0.35, 0.7))
        return picture
    }

    static func boats() -> DrawnPicture {
        var picture = DrawnPicture(width: width, height: height, top: (0.35, 0.3, 0.5), bottom: (0.95, 0.6, 0.45))
        picture.fill(
            columns: 0..<width, rows: 450..<height, where: { _, _ in true },
            paint: { _, y in DrawnPicture.mix((0.3, 0.3, 0.45), (0.12, 0.14, 0.25), (y - 450) / 300) })
        for index in 0..<6 {
            let x = 120 + Double(index) * 170
            let y = 470 + Double(index % 2) * 70
            picture.fill(
                columns: Int(x)..<Int(x + 130), rows: Int(y)..<Int(y + 40),
                where: { px, py in px > x + (py - y) * 0.5 && px < x + 130 - (py - y) * 0.5 },
                paint: { _, _ in (0.55, 0.2, 0.15) })
            picture.rectangle(x: x + 62, y: y - 110, width: 5, height: 110, colour: (0.25, 0.2, 0.2))
            picture.circle(x: x + 64, y: y - 115, radius: 10, colour: (1, 0.88, 0.5))
        }
        return picture
    }
}
