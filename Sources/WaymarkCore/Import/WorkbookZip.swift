import Foundation

/// The entries of a zip file, read from its central directory, and each entry unpacked whole
/// with its size and checksum checked. Inflating is bounded by the entry's own bytes and its
/// stated size, so a damaged or hostile entry ends in an error, never a hang or an unbounded
/// allocation.
public struct WorkbookZip {
    public struct Entry {
        public var name: String
        public var flags: UInt16
        public var method: UInt16
        public var crc: UInt32
        public var compressedSize: UInt64
        public var size: UInt64
        public var headerOffset: UInt64
    }

    public enum Damage: Error {
        case cutShort, corrupt, checkFailed, encrypted, unsupported(method: UInt16), tooLarge

        public func message(path: String) -> String {
            switch self {
            case .cutShort: return "its data is cut short \(WorkbookReader.damaged)"
            case .corrupt: return "its compressed data is damaged and cannot be unpacked \(WorkbookReader.damaged)"
            case .checkFailed: return "its contents do not match the zip file's record of them (their size and CRC check), so they are not what was saved \(WorkbookReader.damaged)"
            case .encrypted: return "it is encrypted; save the workbook without a password and import that"
            case .unsupported(let method): return "it is compressed in a way Waymark does not read (method \(method)); save the workbook again from Excel or LibreOffice"
            case .tooLarge: return "it is too large"
            }
        }
    }

    public let bytes: [UInt8]
    public let entries: [String: Entry]

    public static let notReadable = WorkbookUnreadable("this is not a readable .xlsx workbook: its zip container is damaged or cut short \(WorkbookReader.damaged)")

    /// A zip of more than `entryLimit` entries is refused from its end record, before its list is read.
    public init(_ bytes: [UInt8], entryLimit: Int) throws(WorkbookUnreadable) {
        self.bytes = bytes
        guard let directory = Self.centralDirectory(bytes) else { throw Self.notReadable }
        guard directory.count <= entryLimit else {
            throw WorkbookUnreadable("the zip file holds \(WorkbookReader.grouped(directory.count)) parts (files inside it), more than the \(WorkbookReader.grouped(entryLimit)) "
                + "Waymark reads and far more than any workbook or document needs, so Waymark does not read it")
        }
        var entries: [String: Entry] = [:]
        var offset = directory.offset
        for _ in 0..<directory.count {
            guard bytes.u32(offset) == 0x0201_4B50, let fixed = bytes.slice(offset, 46) else { throw Self.notReadable }
            let nameLength = Int(bytes.u16(fixed + 28)!), extraLength = Int(bytes.u16(fixed + 30)!), commentLength = Int(bytes.u16(fixed + 32)!)
            guard let nameStart = bytes.slice(offset + 46, nameLength + extraLength + commentLength) else { throw Self.notReadable }
            var entry = Entry(name: String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self),
                              flags: bytes.u16(offset + 8)!, method: bytes.u16(offset + 10)!, crc: bytes.u32(offset + 16)!,
                              compressedSize: UInt64(bytes.u32(offset + 20)!), size: UInt64(bytes.u32(offset + 24)!),
                              headerOffset: UInt64(bytes.u32(offset + 42)!))
            // ZIP64: sizes and offsets too large for 32 bits are in an extra field, in this order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd, let id = bytes.u16(extra), let size = bytes.u16(extra + 2) {
                if id == 0x0001 {
                    var field = extra + 4
                    for path in [\Entry.size, \Entry.compressedSize, \Entry.headerOffset] where entry[keyPath: path] == 0xFFFF_FFFF {
                        guard field + 8 <= extra + 4 + Int(size), let value = bytes.u64(field) else { throw Self.notReadable }
                        entry[keyPath: path] = value
                        field += 8
                    }
                }
                extra += 4 + Int(size)
            }
            if entries[entry.name] == nil { entries[entry.name] = entry }
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// Where the central directory starts and how many entries it lists, from the end record
    /// (or its ZIP64 form); nil when there is none, as when the file is cut short.
    private static func centralDirectory(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        guard bytes.count >= 22 else { return nil }
        var position = bytes.count - 22
        let lowest = max(0, position - 65_535)
        while position >= lowest {
            if bytes.u32(position) == 0x0605_4B50 {
                var count = UInt64(bytes.u16(position + 10)!), size = UInt64(bytes.u32(position + 12)!), offset = UInt64(bytes.u32(position + 16)!)
                if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                    guard position >= 20, bytes.u32(position - 20) == 0x0706_4B50, let record = bytes.u64(position - 12), record < UInt64(bytes.count),
                          bytes.u32(Int(record)) == 0x0606_4B50, let count64 = bytes.u64(Int(record) + 32), let size64 = bytes.u64(Int(record) + 40),
                          let offset64 = bytes.u64(Int(record) + 48) else { return nil }
                    (count, size, offset) = (count64, size64, offset64)
                }
                // Every entry takes at least 46 bytes, inside the file.
                if offset <= UInt64(position), size <= UInt64(position) - offset, count <= size / 46 {
                    return (Int(offset), Int(count))
                }
            }
            position -= 1
        }
        return nil
    }

    /// The entry's contents, unpacked and checked; what it unpacks to is taken from `budget`.
    public func read(_ entry: Entry, budget: WorkbookBudget, inflate: WorkbookInflate) throws(Damage) -> Data {
        if entry.flags & 1 != 0 { throw .encrypted }
        guard entry.size <= UInt64(budget.bytesLeft) else { throw .tooLarge }
        let size = Int(entry.size)
        guard entry.headerOffset < UInt64(bytes.count), bytes.u32(Int(entry.headerOffset)) == 0x0403_4B50,
              let nameLength = bytes.u16(Int(entry.headerOffset) + 26), let extraLength = bytes.u16(Int(entry.headerOffset) + 28) else { throw .corrupt }
        let start = Int(entry.headerOffset) + 30 + Int(nameLength) + Int(extraLength)
        guard entry.compressedSize <= UInt64(Int.max), let start = bytes.slice(start, Int(entry.compressedSize)) else { throw .cutShort }
        let end = start + Int(entry.compressedSize)
        let contents: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else { throw .checkFailed }
            contents = Array(bytes[start..<end])
        case 8:
            contents = try inflate.inflate(bytes[start..<end], size)
        default:
            throw .unsupported(method: entry.method)
        }
        guard contents.count == size else { throw .checkFailed }
        guard inflate.crc32(contents) == entry.crc else { throw .checkFailed }
        budget.unpackedBytes += size
        return Data(contents)
    }
}

private extension Array where Element == UInt8 {
    /// `offset` when `count` bytes from it are inside the array.
    func slice(_ offset: Int, _ count: Int) -> Int? {
        offset >= 0 && count >= 0 && offset <= self.count && count <= self.count - offset ? offset : nil
    }

    func u16(_ offset: Int) -> UInt16? {
        guard slice(offset, 2) != nil else { return nil }
        return UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32? {
        guard slice(offset, 4) != nil else { return nil }
        return (0..<4).reduce(0) { $0 | UInt32(self[offset + $1]) << (8 * $1) }
    }

    func u64(_ offset: Int) -> UInt64? {
        guard slice(offset, 8) != nil else { return nil }
        return (0..<8).reduce(0) { $0 | UInt64(self[offset + $1]) << (8 * $1) }
    }
}
