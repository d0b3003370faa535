/** Row shapes of the aggregation queries (numbers already converted from BIGINT/HUGEINT or quoted integers). */
export interface HygieneRow {
  rows_read: number;
  usable: number;
  distinct_usable: number;
  /** Rows whose timestamp has no time zone (left out: their instant is unknown). */
  zoneless: number;
  /** Rows stamped after the analysis time (plus FUTURE_MS): a wrong clock; left out. */
  future: number;
  /** Epoch ms of the newest usable event; null without any. */
  end_ms: number | null;
}
export interface ArmRow {
  population: 'exposed' | 'assigned';
  experiment: string;
  bucket: number;
  unit: string;
  mixed: number;
  /** 1: the unit's window had not closed when the data ends (or at --as-of). */
  in_progress: number;
  /** The unit's arm; for a unit in several arms (mixed), the first of them in sort order. */
  arm: string;
  /** The last of the unit's arms in sort order (= arm unless mixed); absent from rows made before it was kept. */
  arm_last?: string;
  units: number;
  cf_units: number;
  converted: number;
  goal_count: number;
  /** Units with a goal before their first exposure (not counted as conversions). */
  early_units: number;
  /** Of those, units with such a goal less than an hour before: most likely clock skew. */
  skew_units: number;
}
export interface ConsistencyRow {
  experiment: string;
  bucket: number;
  unit: string;
  exposed_units: number;
  assigned_units: number;
  /** Exposed units without any assignment event. */
  unassigned_exposed: number;
  /** Units whose exposure arm(s) differ from their assignment arm(s). */
  disagreeing: number;
}
export interface ExposureRow {
  population: 'exposed' | 'assigned';
  experiment: string;
  bucket: number;
  unit: string;
  events: number;
  forced_events: number;
  forced_units: number;
}
export interface TourRow {
  tour: string;
  item_ver: number;
  /**
   * `step`: people who viewed step `out_step`; `left`: people who never completed, by the step
   * they were on when they left (`out_step`; `events` is the same count).
   */
  kind: 'started' | 'step' | 'completed' | 'dismissed' | 'left';
  out_step: number;
  out_origin: string;
  units: number;
  events: number;
}
export interface FeedbackRow {
  item_id: string;
  item_kind: string;
  answers: number;
  yes: number;
}
/** One unit and its (single) arm, for the assignment audit. */
export interface UnitRow {
  population: 'exposed' | 'assigned';
  experiment: string;
  bucket: number;
  unit: string;
  unit_id: string;
  arm: string;
}

/** A goal name the data has, with its (de-duplicated) events. */
export interface GoalNameRow {
  goal_name: string;
  events: number;
}
/** Non-forced exposures without a unit (`no_unit`) or with a unit but no unit_id (`no_unit_id`), per arm; '' when absent. */
export interface WithoutUnitRow {
  experiment: string;
  bucket: number;
  unit_kind: string;
  arm: string;
  no_unit: number;
  no_unit_id: number;
}

export interface AggregateRows {
  hygiene: HygieneRow;
  arms: ArmRow[];
  consistency: ConsistencyRow[];
  exposures: ExposureRow[];
  tours: TourRow[];
  feedback: FeedbackRow[];
  /** Absent from rows made before these were counted: then the goal check is skipped. */
  goal_names?: GoalNameRow[];
  /** Absent: not counted. */
  without_unit?: WithoutUnitRow[];
  /** Present when the audit asked for them. */
  units?: UnitRow[];
}
