/// What a workbook may hold before Waymark stops reading it. A plan has a few thousand cells;
/// these are far above that and far below what would exhaust the server.
public struct WorkbookLimits: Sendable {
    /// The parts Waymark reads, unpacked, together.
    public var unpackedBytes: Int
    /// Cells (counting the empty ones a row's width implies) across every sheet.
    public var cells: Int
    /// Excel's own row limit.
    public var rowsPerSheet: Int
    /// Characters in one cell, counted as Excel counts them (UTF-16 code units): Excel's own
    /// limit. Waymark's longest text, a commentary, is 10,000.
    public var cellCharacters: Int
    /// The text of every cell across every sheet, in bytes, counted as each cell is read and
    /// before it is copied, so a shared text shown by many cells counts once for each.
    public var cellTextBytes: Int
    /// Parts (files) in the zip. Excel saves a plan's workbook in a few dozen; the list is
    /// refused before it is read when it says there are more.
    public var entries: Int

    public init(unpackedBytes: Int = 200 * 1024 * 1024, cells: Int = 2_000_000, rowsPerSheet: Int = 1_048_576,
                cellCharacters: Int = 32_767, cellTextBytes: Int = 200 * 1024 * 1024, entries: Int = 10_000) {
        self.unpackedBytes = unpackedBytes
        self.cells = cells
        self.rowsPerSheet = rowsPerSheet
        self.cellCharacters = cellCharacters
        self.cellTextBytes = cellTextBytes
        self.entries = entries
    }

    public static let standard = WorkbookLimits()
}

/// What has been read so far, against the limits, across every part and sheet. A class, so the
/// package checks, each part's reader and each sheet draw on one budget.
public final class WorkbookBudget {
    public let limits: WorkbookLimits
    public var unpackedBytes = 0
    public var cells = 0
    public var cellTextBytes = 0

    public init(_ limits: WorkbookLimits) { self.limits = limits }

    public var bytesLeft: Int { max(0, limits.unpackedBytes - unpackedBytes) }
}

/// Why a workbook was refused. `sheet` names the sheet when the damage is in one; otherwise
/// `part` says which other piece of the workbook it is in, in words.
public struct WorkbookUnreadable: Error, CustomStringConvertible {
    public var sheet: String?
    /// Where in the sheet, when known: "row 12, cell D12".
    public var place: String?
    public var part: String?
    public var message: String

    public init(sheet: String? = nil, at place: String? = nil, part: String? = nil, _ message: String) {
        self.sheet = sheet
        self.place = place
        self.part = part
        self.message = message
    }

    /// "sheet "Grants", row 12, cell D12", "the shared text (xl/sharedStrings.xml)", or nil for the whole file.
    public var subject: String? {
        let whole = sheet.map { "sheet \"\($0)\"" } ?? part
        guard let place else { return whole }
        return whole.map { "\($0), \(place)" } ?? place
    }

    public var description: String { subject.map { "\($0): \(message)" } ?? message }
}
