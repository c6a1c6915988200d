// Built with WaymarkCore's sources into one module by scripts/fuzz, with zlib (fuzz/zlib), so
// deflated parts are fuzzed as the server unpacks them; see FuzzTargets.workbook.
import CZlib

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    do {
        _ = try FuzzTargets.workbook(Array(UnsafeBufferPointer(start: data, count: size)), inflate: zlibInflate)
    } catch let broken as FuzzTargets.Broken {
        fatalError("broken promise: \(broken)")
    } catch {}
    return 0
}

// The same calls as the app's WorkbookInflate.zlib (Sources/WaymarkApp/Import/XLSXReader.swift).
let zlibInflate = WorkbookInflate(inflate: { compressed, size throws(WorkbookZip.Damage) in try Zlib.unpack(compressed, size: size) }, crc32: Zlib.checksum)

enum Zlib {
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        UInt32(truncatingIfNeeded: bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }

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
