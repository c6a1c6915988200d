/// Text cells of CSV meant to be opened in a spreadsheet, kept from being run as formulas
/// (OWASP "CSV injection"), and read back exactly as they were.
///
/// Excel and LibreOffice take a cell that starts with `=`, `+`, `-` or `@` (and, in some versions,
/// a tab or carriage return before one) as a formula, which can run commands or send data away.
/// Such a text cell is written with a leading `'`, which makes the spreadsheet show it as text.
///
/// The scheme is lossless: a text that already starts with one or more `'` followed by one of
/// those characters also gets one more `'`. So `restored` removes exactly one `'` from a cell whose
/// `'`s are followed by a trigger character, and `restored(neutralised(s)) == s` for every `s`.
/// A cell with no such shape (`'Tis`, `''`, `O'Neill`) is left exactly as it is both ways.
///
/// Only text cells are neutralised: a number written as a number (`-3`) is never touched, nor is
/// anything written for the API or as open data, where re-users expect the raw values.
public enum SpreadsheetText {
    /// The first characters that make a spreadsheet read a cell as a formula.
    public static let triggers: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    static let apostrophe = UInt8(ascii: "'")

    /// `text` as a CSV text cell for a spreadsheet: with a leading `'` when it (after any `'`s it
    /// already starts with) begins with a trigger character.
    public static func neutralised(_ text: String) -> String {
        needsMark(text.utf8) ? "'" + text : text
    }

    /// A cell read back from CSV or TSV, with the `'` that `neutralised` added taken off again.
    public static func restored(_ text: String) -> String {
        isMarked(text.utf8) ? String(text.unicodeScalars.dropFirst()) : text
    }

    /// Whether the UTF-8 of a text, after any `'`s it starts with, begins with a trigger character.
    public static func needsMark<Bytes: Collection>(_ utf8: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard let first = utf8.first(where: { $0 != apostrophe }) else { return false }
        return triggers.contains(first)
    }

    /// Whether the UTF-8 of a cell carries the mark `neutralised` adds: a `'`, then any more `'`s,
    /// then a trigger character.
    public static func isMarked<Bytes: Collection>(_ utf8: Bytes) -> Bool where Bytes.Element == UInt8 {
        utf8.first == apostrophe && needsMark(utf8.dropFirst())
    }
}
