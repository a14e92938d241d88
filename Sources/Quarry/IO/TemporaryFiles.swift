#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files being written beside outputs, removed if the process is interrupted.
///
/// ``AtomicFile`` registers each temporary path while it is open. Once
/// ``removeOnSignals()`` has run, a SIGINT, SIGTERM or SIGHUP unlinks every registered
/// path (with `unlink`, which is async-signal-safe), restores the default action and
/// re-raises the signal, so the process still ends as the signal asked and no hidden
/// `.NAME.quarry-XXXXXX` file is left behind. A signal the parent set to be ignored stays
/// ignored; the handled signals are unblocked (a spawning thread's mask is inherited). SIGKILL cannot be caught: a killed process
/// leaves its temporary file, but never a partial file at the destination.
package enum TemporaryFiles {
    /// The most temporary files registered at once.
    static let capacity = 256

    /// Slots holding a `strdup`ed path, or `nil`. Written under ``lock``; read by the handler.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()

    nonisolated(unsafe) static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// The signals whose arrival removes the registered files.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers (once per process; later calls do nothing).
    public static func removeOnSignals() {
        _ = installed
    }

    private static let installed: Bool = {
        // Initialise the storage the handler reads before any handler can run: a lazy
        // global first touched inside the handler would deadlock on its once-lock.
        _ = slots
        _ = lock
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in signals {
            // A signal the parent set to be ignored (nohup's SIGHUP) stays ignored.
            var current = sigaction()
            sigaction(signal, nil, &current)
            #if canImport(Darwin)
            let handler = current.__sigaction_u.__sa_handler
            #else
            let handler = current.__sigaction_handler.sa_handler
            #endif
            let ignored = unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
            if ignored { continue }
            sigaddset(&unblock, signal)
            TemporaryFiles_setHandler(signal, TemporaryFiles_handle)
        }
        // A process spawned from a thread that blocks signals (a dispatch worker) inherits
        // the mask: unblock the handled ones so an interrupt is not silently deferred.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        return true
    }()

    /// Blocks the cleanup signals in this thread; returns the mask to restore with ``release(_:)``.
    static func holdSignals() -> sigset_t {
        var block = sigset_t(), previous = sigset_t()
        sigemptyset(&block)
        for signal in signals { sigaddset(&block, signal) }
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        return previous
    }

    /// Restores the mask ``holdSignals()`` returned; a signal that came meanwhile is delivered now.
    static func release(_ previous: sigset_t) {
        var previous = previous
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }

    /// Registers `path`; returns its slot for ``unregister(_:)`` (`nil` when every slot is taken).
    static func register(_ path: String) -> Int? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        for i in 0..<capacity where slots[i] == nil {
            slots[i] = strdup(path)
            return i
        }
        return nil
    }

    /// Forgets the path in `slot` (after it was renamed or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        let path = slots[slot]
        slots[slot] = nil
        free(path)
    }

    /// The paths registered now (for tests).
    public static var registered: [String] {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return (0..<capacity).compactMap { slots[$0].map { String(cString: $0) } }
    }
}

/// The signal handler: unlink every registered temporary file, then die of the signal.
private func TemporaryFiles_handle(_ signal: Int32) {
    let slots = TemporaryFiles.slots
    for i in 0..<TemporaryFiles.capacity {
        if let path = slots[i] { unlink(path) }
    }
    TemporaryFiles_setHandler(signal, SIG_DFL)
    raise(signal)
}

/// Sets `signal`'s handler (no flags, nothing else blocked while it runs); async-signal-safe.
private func TemporaryFiles_setHandler(_ signal: Int32, _ handler: (@convention(c) (Int32) -> Void)?) {
    var action = sigaction()
    #if canImport(Darwin)
    action.__sigaction_u.__sa_handler = handler
    #else
    action.__sigaction_handler.sa_handler = handler
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(signal, &action, nil)
}
