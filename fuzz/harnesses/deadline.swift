// Built with WaymarkCore's sources into one module by scripts/fuzz; see FuzzTargets.deadline.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    do {
        _ = try FuzzTargets.deadline(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch let broken as FuzzTargets.Broken {
        fatalError("broken promise: \(broken)")
    } catch {}
    return 0
}
