import Foundation
import Testing
import WaymarkCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzzers' corpus (fuzz/corpus) and every crash they found (fuzz/crashes), run on each
/// `swift test` through the entry points the libFuzzer harnesses call (`FuzzTargets`): each input
/// must be read, or refused with the parser's own error, never break a promise or crash. A crash
/// file is kept with its fix, and what the fix does is checked here too. `scripts/fuzz` runs the
/// fuzzers themselves.
@Suite struct FuzzCorpusTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz")

    /// Every file for a target, corpus and crashes, by the name it is reported with.
    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        try ["corpus", "crashes"].flatMap { folder -> [(name: String, bytes: [UInt8])] in
            let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(target)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
            return try names.sorted().map { ("\(folder)/\(target)/\($0)", Array(try Data(contentsOf: directory.appendingPathComponent($0)))) }
        }
    }

    /// Runs every input of `target`; each must finish, returning or throwing `Refusal`.
    static func check<Refusal: Error>(_ target: String, refusing _: Refusal.Type, _ run: ([UInt8]) throws -> Void) throws -> Int {
        let inputs = try inputs(target)
        for input in inputs {
            do {
                try run(input.bytes)
            } catch let broken as FuzzTargets.Broken {
                Issue.record("\(input.name): \(broken)")
            } catch {
                #expect(error is Refusal, "\(input.name) threw \(type(of: error)), not \(Refusal.self): \(error)")
            }
        }
        return inputs.count
    }

    @Test func deadlines() throws {
        #expect(try Self.check("deadline", refusing: DeadlineParseError.self) { _ = try FuzzTargets.deadline($0) } >= 50)
    }

    @Test func delimitedText() throws {
        #expect(try Self.check("delimited-text", refusing: DelimitedText.NotText.self) { _ = try FuzzTargets.delimitedText($0) } >= 10)
    }

    @Test func planFiles() throws {
        #expect(try Self.check("plan-layout", refusing: ImportFailure.self) { _ = try FuzzTargets.planLayout($0) } >= 5)
        let fixture = try Self.inputs("plan-layout").first { $0.name.hasSuffix("eastbrook-delivery-plan.txt") }
        #expect(try FuzzTargets.planLayout(try #require(fixture).bytes).milestoneCount == 115)
    }

    @Test func workbooks() throws {
        let inflate = try #require(RuntimeZlib.inflate, "zlib (libz.so.1) could not be loaded")
        #expect(try Self.check("xlsx", refusing: WorkbookUnreadable.self) { _ = try FuzzTargets.workbook($0, inflate: inflate) } >= 8)
        // The packed parts reach the sheet readers, which read them as Excel shows them.
        let every = try #require(try Self.inputs("xlsx").first { $0.name.hasSuffix("parts-every-cell-kind.txt") })
        let sheets = try FuzzTargets.workbook(every.bytes, inflate: inflate)
        #expect(sheets.map(\.name) == ["Plan", "Second & last"])
        #expect(sheets[0].rows[1].cells == ["Rich text", "2018-05-31", "May-18", "Dec-99", "9999-12-31", "7"])
        #expect(sheets[0].rows[2].cells == ["inline", "TRUE", "FALSE", "#N/A", "formula text", "0", "1E+15", "<&> – é😀"])
        // Stored with ZIP64 sizes, and deflated, as Excel and openpyxl save a workbook.
        for (name, text) in [("zip64-stored.xlsx", "zip64"), ("deflated.xlsx", "deflated")] {
            let zip = try #require(try Self.inputs("xlsx").first { $0.name.hasSuffix(name) })
            #expect(try FuzzTargets.workbook(zip.bytes, inflate: inflate).map { $0.rows.map(\.cells) } == [[[text]]])
        }
        let openpyxl = try #require(try Self.inputs("xlsx").first { $0.name.hasSuffix("openpyxl-plan.xlsx") })
        #expect(try FuzzTargets.workbook(openpyxl.bytes, inflate: inflate)[0].rows[1].cells == ["Grants", "1. Review", "Close the scheme", "Kerry Palmer", "May-18", "2018-05-31"])
    }

    /// Each crash the fuzzers found, and what reading it does now. A new crash file needs its line here.
    @Test func crashesStayFixed() throws {
        let inflate = try #require(RuntimeZlib.inflate, "zlib (libz.so.1) could not be loaded")
        let expected: [String: ([UInt8]) throws -> Void] = [
            // libxml2 handed Foundation's XMLParser an element name that is not UTF-8 (in the
            // workbook's list of parts), and XMLParser force-unwrapped it: the process stopped.
            "crashes/xlsx/invalid-utf8-in-element-name": { bytes in
                let refused = #expect(throws: WorkbookUnreadable.self) { try FuzzTargets.workbook(bytes, inflate: inflate) }
                #expect(refused?.part == "the list of the workbook's parts (xl/_rels/workbook.xml.rels)")
                #expect(refused?.message == "this is not XML Waymark can read (from line 1 it is not UTF-8 text) (the file may be damaged or incompletely copied)")
            },
            // "<?pi?>": libxml2 reported the instruction with no data, and XMLParser read it from a
            // null pointer: the process stopped.
            "crashes/xlsx/processing-instruction-without-data": { bytes in
                let refused = #expect(throws: WorkbookUnreadable.self) { try FuzzTargets.workbook(bytes, inflate: inflate) }
                #expect(refused?.part == "the list of sheets (xl/workbook.xml)")
                #expect(refused?.message.hasPrefix("the XML holds a processing instruction with nothing in it") == true)
            },
        ]
        for target in ["deadline", "delimited-text", "plan-layout", "xlsx"] {
            for input in try Self.inputs(target) where input.name.hasPrefix("crashes/") {
                guard let check = expected[input.name] else {
                    Issue.record("\(input.name) is kept as a crash but FuzzCorpusTests does not say what reading it does now")
                    continue
                }
                try check(input.bytes)
            }
        }
    }

    /// A workbook of one sheet, "S", holding `sheet`, in the parts format `FuzzTargets.workbook` packs.
    static func workbook(sheet: [UInt8]) -> [UInt8] {
        Array(("@xl/workbook.xml\n<workbook xmlns:r=\"r\"><sheet name=\"S\" r:id=\"a\"/></workbook>\n@xl/_rels/workbook.xml.rels\n"
            + "<Relationships><Relationship Id=\"a\" Target=\"s.xml\"/></Relationships>\n@xl/s.xml\n").utf8) + sheet
    }

    /// Bytes that are not UTF-8 anywhere XMLParser turns into a name (element, end tag, attribute,
    /// comment, processing instruction) refuse the part, naming the line, instead of stopping the process.
    @Test(arguments: ["<row><c%/></row>", "<row></row%>", "<row a%=\"1\"/>", "<row>\n<!-- % --></row>", "<row><?p% x?></row>"])
    func bytesThatAreNotUTF8AreRefused(row: String) throws {
        let inflate = try #require(RuntimeZlib.inflate, "zlib (libz.so.1) could not be loaded")
        // "%" stands for the lone byte E5: "å" in Latin-1, and not UTF-8.
        let sheet = Array("<worksheet><sheetData>\(row)</sheetData></worksheet>".utf8).map { $0 == UInt8(ascii: "%") ? 0xE5 : $0 }
        let refused = #expect(throws: WorkbookUnreadable.self) { try FuzzTargets.workbook(Self.workbook(sheet: sheet), inflate: inflate) }
        #expect(refused?.sheet == "S")
        #expect(refused?.message.hasPrefix("this is not XML Waymark can read (from line \(row.contains("\n") ? 2 : 1) it is not UTF-8 text)") == true)
    }

    /// A processing instruction with nothing after its name, anywhere, refuses the part.
    @Test(arguments: ["<?pi?><worksheet/>", "<?xml?><worksheet/>", "<worksheet><sheetData><row><?a.b-c:d?></row></sheetData></worksheet>"])
    func emptyProcessingInstructionsAreRefused(sheet: String) throws {
        let inflate = try #require(RuntimeZlib.inflate, "zlib (libz.so.1) could not be loaded")
        let refused = #expect(throws: WorkbookUnreadable.self) { try FuzzTargets.workbook(Self.workbook(sheet: Array(sheet.utf8)), inflate: inflate) }
        #expect(refused?.sheet == "S")
        #expect(refused?.message.hasPrefix("the XML holds a processing instruction with nothing in it") == true)
    }

    /// One with data is read past, as before.
    @Test func processingInstructionsWithDataAreReadPast() throws {
        let inflate = try #require(RuntimeZlib.inflate, "zlib (libz.so.1) could not be loaded")
        let sheet = Array("<worksheet><sheetData><row><?pi data?><c><v>1</v></c></row></sheetData></worksheet>".utf8)
        #expect(try FuzzTargets.workbook(Self.workbook(sheet: sheet), inflate: inflate)[0].rows.map(\.cells) == [["1"]])
    }
}

/// zlib, found at run time: this test target cannot link it without a change to Package.swift,
/// and the corpus holds deflated workbooks, which must be unpacked as the server and the fuzz
/// harness unpack them (Sources/WaymarkApp/Import/XLSXReader.swift).
enum RuntimeZlib {
    private typealias InflateInit2 = @convention(c) (UnsafeMutableRawPointer, Int32, UnsafePointer<CChar>, Int32) -> Int32
    private typealias Inflate = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    private typealias InflateEnd = @convention(c) (UnsafeMutableRawPointer) -> Int32
    private typealias CRC32 = @convention(c) (UInt, UnsafePointer<UInt8>?, UInt32) -> UInt
    private typealias Version = @convention(c) () -> UnsafePointer<CChar>

    /// zlib's z_stream on 64-bit Linux and macOS: its size and where the fields used are.
    private static let streamSize = 112, nextIn = 0, availIn = 8, nextOut = 24, availOut = 32

    static let inflate: WorkbookInflate? = {
        let names: [String] = ["libz.so.1", "libz.so", "libz.1.dylib", "/usr/lib/libz.1.dylib"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first else { return nil }
        func symbol<T>(_ name: String, as _: T.Type) -> T? { dlsym(handle, name).map { unsafeBitCast($0, to: T.self) } }
        guard let initialise = symbol("inflateInit2_", as: InflateInit2.self), let step = symbol("inflate", as: Inflate.self),
              let end = symbol("inflateEnd", as: InflateEnd.self), let crc32 = symbol("crc32", as: CRC32.self),
              let version = symbol("zlibVersion", as: Version.self) else { return nil }
        return WorkbookInflate(inflate: { compressed, size throws(WorkbookZip.Damage) in
            let stream = UnsafeMutableRawPointer.allocate(byteCount: streamSize, alignment: 8)
            stream.initializeMemory(as: UInt8.self, repeating: 0, count: streamSize)
            defer { stream.deallocate() }
            guard initialise(stream, -15, version(), Int32(streamSize)) == 0 else { throw .corrupt }
            defer { _ = end(stream) }
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let outcome: WorkbookZip.Damage? = compressed.withUnsafeBufferPointer { input in
                stream.storeBytes(of: UnsafeRawPointer(input.baseAddress), toByteOffset: nextIn, as: UnsafeRawPointer?.self)
                stream.storeBytes(of: UInt32(input.count), toByteOffset: availIn, as: UInt32.self)
                while true {
                    let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                        stream.storeBytes(of: UnsafeRawPointer(buffer.baseAddress), toByteOffset: nextOut, as: UnsafeRawPointer?.self)
                        stream.storeBytes(of: UInt32(buffer.count), toByteOffset: availOut, as: UInt32.self)
                        let result = step(stream, 0)
                        return (result, buffer.count - Int(stream.load(fromByteOffset: availOut, as: UInt32.self)))
                    }
                    output.append(contentsOf: chunk[0..<produced])
                    if output.count > size { return .checkFailed }
                    switch result {
                    case 1: return nil  // Z_STREAM_END
                    case 0: continue  // Z_OK
                    case -5: return stream.load(fromByteOffset: availIn, as: UInt32.self) == 0 ? .cutShort : .corrupt  // Z_BUF_ERROR
                    default: return .corrupt
                    }
                }
            }
            if let outcome { throw outcome }
            return output
        }, crc32: { bytes in
            UInt32(truncatingIfNeeded: bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
        })
    }()
}
