/** The performance mark the sidebar sets at its first complete render (the benchmark's open-to-render end). */
export const READY_MARK = 'hallway:sidebar-ready';
