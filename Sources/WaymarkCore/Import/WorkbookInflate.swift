/// How a zip entry's DEFLATE data is unpacked and its checksum taken. WaymarkCore links no C
/// library, so whoever reads a workbook supplies these: the app and the fuzz harness pass zlib's,
/// so what is fuzzed is what the server runs.
public struct WorkbookInflate: Sendable {
    /// Raw DEFLATE (no zlib header), fed exactly the entry's bytes. It returns more than `size`
    /// bytes only as `.checkFailed`, and stops by then, so a wrong stated size is caught without
    /// unpacking a bomb; data that ends early is `.cutShort`, any other damage `.corrupt`.
    public var inflate: @Sendable (_ compressed: ArraySlice<UInt8>, _ size: Int) throws(WorkbookZip.Damage) -> [UInt8]
    /// The zip's CRC-32 of the unpacked bytes.
    public var crc32: @Sendable (_ bytes: [UInt8]) -> UInt32

    public init(inflate: @escaping @Sendable (_ compressed: ArraySlice<UInt8>, _ size: Int) throws(WorkbookZip.Damage) -> [UInt8],
                crc32: @escaping @Sendable (_ bytes: [UInt8]) -> UInt32) {
        self.inflate = inflate
        self.crc32 = crc32
    }
}
