import Foundation

/// Prints an HTML document to an A4 PDF with headless Chromium, when it is installed.
enum PDFPrinter {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The longest a render may take before Chromium is stopped; a large plan's pack takes seconds.
    static let timeLimit: Duration = .seconds(120)

    /// `WAYMARK_CHROMIUM`, or the first Chromium on the PATH.
    static func browser(_ settings: Settings) -> String? {
        if let configured = settings.chromium { return configured }
        for name in candidates {
            for directory in settings.searchPath where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") { return "\(directory)/\(name)" }
        }
        return nil
    }

    /// Blocks its thread until Chromium has finished, for at most `timeLimit` (then Chromium is
    /// stopped and this throws). The server runs it through `PackPDFs`, which limits how many run at once.
    static func pdf(fromHTML html: String, timeLimit: Duration = timeLimit, browser: String?) throws -> [UInt8] {
        guard let browser else {
            throw Unavailable(description: "PDF needs headless Chromium, which is not installed here. Install Debian's chromium package (apt-get install chromium), or set WAYMARK_CHROMIUM to the browser's path; the HTML pack prints to A4 from any browser meanwhile.")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("pack.html"), output = work.appendingPathComponent("pack.pdf")
        let log = work.appendingPathComponent("chromium.log")
        try Data(html.utf8).write(to: input)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let errors = try FileHandle(forWritingTo: log)
        defer { try? errors.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(work.path)/profile",
                             "--print-to-pdf=\(output.path)", input.absoluteString]
        // Chromium's messages go to a file, not a pipe: a helper process that outlives the browser
        // could hold a pipe open, and reading it to the end would then never finish.
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Foundation starts the browser in a process group of its own; signalling the group reaches
        // its helper processes too, which would otherwise keep the browser's exit from being seen.
        let pid = process.processIdentifier
        let target = getpgid(pid) == pid ? -pid : pid
        let stopped = LockedFlag()
        // A browser that hangs is asked to stop at the time limit, and killed five seconds later.
        let terminate = DispatchWorkItem { if stopped.set() { kill(target, SIGTERM) } }
        let killLater = DispatchWorkItem { kill(target, SIGKILL) }
        let limit = timeLimit.components
        let seconds = Double(limit.seconds) + Double(limit.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: terminate)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds + 5, execute: killLater)
        process.waitUntilExit()
        terminate.cancel()
        killLater.cancel()
        if stopped.value {
            throw Unavailable(description: "Chromium took longer than \(limit.seconds) seconds to print the PDF and was stopped.")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path), data.starts(with: Array("%PDF".utf8)) else {
            let message = FileManager.default.contents(atPath: log.path) ?? Data()
            let detail = String(decoding: message, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "no output"
            throw Unavailable(description: "Chromium could not print the PDF (exit \(process.terminationStatus)): \(detail)")
        }
        return [UInt8](data)
    }
}

/// Set once, read after: whether the time limit stopped the browser.
private final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false

    /// Sets the flag; true the first time.
    func set() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if flag { return false }
        flag = true
        return true
    }

    var value: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }
}
