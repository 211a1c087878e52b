import { registerEnumType } from "type-graphql";
import { type CodeTable, ENTER_MUTE, MEETING_STATUS, REMIND_BEFORE, REMIND_SCOPE, REPEAT_TYPE } from "../domain/meeting.enums";

// The schema's enums, registered from the domain's code tables (meeting/domain/meeting.enums.ts):
// each value's description says its upstream number, and which one the upstream assumes.

function register<E extends string>(table: CodeTable<E>, name: string, description: string): void {
  const rows = Object.entries(table.rows) as Array<[E, CodeTable<E>["rows"][E]]>;
  registerEnumType(table.values, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      rows.map(([value, [code, text, isDefault]]) => [value, { description: `${text} (${code}).${isDefault ? " The upstream default." : ""}` }]),
    ) as Record<E, { description: string }>,
  });
}

register(REMIND_SCOPE, "RemindScope", "Who is rung when the meeting starts (upstream `remind_scope`, 1 to 4).");
register(ENTER_MUTE, "EnterMute", "Whether members are muted when they join (upstream `enable_enter_mute`, 0 to 2).");
register(REPEAT_TYPE, "RepeatType", "How a recurring meeting repeats (upstream `repeat_type`).");
register(REMIND_BEFORE, "RemindBefore", "When members are reminded, relative to the start (upstream `remind_before`, in seconds).");
register(MEETING_STATUS, "MeetingStatus", "Where a meeting is in its life (upstream get_info `status`, 1 to 5).");

export { EnterMute, MeetingStatus, RemindBefore, RemindScope, RepeatType } from "../domain/meeting.enums";
