import Foundation

/// Prints an HTML document to an A4 PDF with headless Chromium, when it is installed.
enum PDFPrinter {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    static func browser() -> String? {
        if let configured = ProcessInfo.processInfo.environment["WAYMARK_CHROMIUM"], !configured.isEmpty { return configured }
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for directory in paths where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") { return "\(directory)/\(name)" }
        }
        return nil
    }

    static func pdf(fromHTML html: String) throws -> [UInt8] {
        guard let browser = browser() else {
            throw Unavailable(description: "PDF needs headless Chromium, which is not installed here. Install Debian's chromium package (apt-get install chromium), or set WAYMARK_CHROMIUM to the browser's path; the HTML pack prints to A4 from any browser meanwhile.")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("pack.html"), output = work.appendingPathComponent("pack.pdf")
        try Data(html.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(work.path)/profile",
                             "--print-to-pdf=\(output.path)", input.absoluteString]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path), data.starts(with: Array("%PDF".utf8)) else {
            let detail = String(decoding: message, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "no output"
            throw Unavailable(description: "Chromium could not print the PDF (exit \(process.terminationStatus)): \(detail)")
        }
        return [UInt8](data)
    }
}
