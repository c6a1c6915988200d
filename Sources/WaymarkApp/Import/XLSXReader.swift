import Foundation
#if canImport(CZlib)
import CZlib
#elseif canImport(zlib)
import zlib
#endif
import WaymarkCore

/// Reads the sheets of an .xlsx workbook as rows of text (WaymarkCore's `WorkbookReader`), with
/// zlib to unpack its parts and, before any part is read, the package checks of
/// `OfficePackage.checkWorkbook`: more than 10,000 parts, parts stating more than 200 MB
/// together, macros, or links to other files or data sources refuse it.
///
/// The reading itself lives in WaymarkCore so it can be fuzzed without the app; what stays here
/// is what the core cannot have: zlib, which it does not link, and the app's package checks.
enum XLSXReader {
    typealias Sheet = WorkbookSheet
    typealias Unreadable = WorkbookUnreadable
    typealias Limits = WorkbookLimits
    typealias Budget = WorkbookBudget

    static func isWorkbook(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    static func sheets(_ bytes: [UInt8], limits: Limits = .standard) throws(Unreadable) -> [Sheet] {
        try WorkbookReader.sheets(bytes, limits: limits, inflate: .zlib, checkPackage: OfficePackage.checkWorkbook)
    }

    static func tooLarge(_ limits: Limits) -> Unreadable { WorkbookReader.tooLarge(limits) }

    /// 2000000 → "2,000,000".
    static func grouped(_ number: Int) -> String { WorkbookReader.grouped(number) }
}

// The names the upload checks (`OfficePackage`, `AttachmentPolicy`) know the core's zip and XML reading by.
typealias ZipContainer = WorkbookZip
typealias CheckedXML = WorkbookXML

extension WorkbookZip {
    /// The entry's contents, unpacked with zlib and checked; what it unpacks to is taken from `budget`.
    func read(_ entry: Entry, budget: WorkbookBudget) throws(Damage) -> Data {
        try read(entry, budget: budget, inflate: .zlib)
    }
}

extension WorkbookInflate {
    static let zlib = WorkbookInflate(inflate: { compressed, size throws(WorkbookZip.Damage) in try Zlib.unpack(compressed, size: size) }, crc32: Zlib.checksum)
}

/// zlib's calls, outside `WorkbookInflate` so its own `inflate` and `crc32` do not hide them.
private enum Zlib {
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        UInt32(truncatingIfNeeded: bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    /// Raw DEFLATE, fed exactly the entry's bytes and allowed at most one byte more than its
    /// stated size (which shows a wrong size without unpacking a bomb).
    static func unpack(_ compressed: ArraySlice<UInt8>, size: Int) throws(WorkbookZip.Damage) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .corrupt }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(size, 16 * 1024 * 1024))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let outcome: WorkbookZip.Damage? = compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    return (result, buffer.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > size { return .checkFailed }
                switch result {
                case Z_STREAM_END: return nil
                case Z_OK: continue
                case Z_BUF_ERROR: return stream.avail_in == 0 ? .cutShort : .corrupt
                default: return .corrupt
                }
            }
        }
        if let outcome { throw outcome }
        return output
    }
}
