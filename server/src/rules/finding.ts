/** What a rule says about a plan, before anything knows where in the text it is. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** What a quick fix needs to mend a diagnostic; read by code, never parsed from the message. */
export interface FixData {
  /** A value to put in place of the one the diagnostic points at. */
  replacement?: string | number;
  /** The diagnostic points at a property's key, and the replacement is its new name. */
  key?: boolean;
  /** An update id whose installation lifts the limit, for the host at `hostPointer`. */
  update?: string;
  hostPointer?: string;
  /** The editions the product of the host at `hostPointer` comes in, one of which it must name. */
  editions?: string[];
  /** The limit that was exceeded. */
  limit?: number;
  /** The product the limit belongs to. */
  product?: string;
  /** Failover: the memory of the highly available VMs that would not restart, their number, the failed nodes, the reserve. */
  shortfallGB?: number;
  unplacedVms?: number;
  failedNodes?: string[];
  reserve?: number;
  /** On `suppression-unused`: the code whose entry is not needed, or 'comment'. */
  unusedSuppression?: string;
}

/** A finding before it has a position: rules speak in pointers. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  pointer: string;
  /** Which part of the located node the range covers: the value (default) or a property's key. */
  target?: 'value' | 'key';
  /** A text range known without the pointer (syntax errors). */
  span?: { offset: number; length: number };
  data?: FixData;
}
