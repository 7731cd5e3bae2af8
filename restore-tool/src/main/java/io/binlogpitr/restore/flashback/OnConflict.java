package io.binlogpitr.restore.flashback;

/** What {@code flashback --apply} does with a row that changed since the mistake. */
public enum OnConflict {
    /** Change nothing at all, list every conflict (the default). */
    FAIL,
    /** Leave conflicting rows as they are, undo the others. */
    SKIP,
    /** Set conflicting rows to the before-image anyway. */
    OVERWRITE
}
