//! Whether PHP has a pending interrupt: a signal caught with
//! `pcntl_async_signals(true)`, a timeout, … (`EG(vm_interrupt)`), so a
//! blocking fetch returns early and the handler runs.

use ext_php_rs::zend::ExecutorGlobals;

/// True when the engine will run its interrupt handler at the next opcode.
pub fn pending() -> bool {
    let globals = ExecutorGlobals::get();
    // SAFETY: a plain read of a flag the engine (or a signal handler on this
    // same thread) sets; volatile so the loop re-reads it every slice.
    unsafe { std::ptr::read_volatile(&raw const globals.vm_interrupt.value) }
}
