// The app's own Tauri commands. `build.rs` includes this file to generate one
// `allow-<command>` permission per name, and `capabilities/main.json` grants
// exactly these (a test checks the two agree). Keep it in step with
// `tauri::generate_handler!` in `main.rs`.

/// Every command the UI may invoke.
#[allow(dead_code)] // read by build.rs and by the capability test
pub const COMMANDS: &[&str] = &[
    "today_list",
    "list_contacts",
    "count_contacts",
    "list_tags",
    "get_contact",
    "add_contact",
    "update_contact",
    "delete_contact",
    "restore_contact",
    "set_archived",
    "merge_contacts",
    "log_interaction",
    "delete_interaction",
    "interactions_of",
    "add_follow_up",
    "complete_follow_up",
    "snooze_follow_up",
    "follow_ups_of",
    "import_preview",
    "import_run",
    "import_cancel",
    "import_undo",
    "import_batches",
    "export_contacts",
    "get_settings",
    "set_default_region",
    "set_reminder_time",
    "set_language",
    "cadence_rules",
    "set_cadence_rule",
    "remove_cadence_rule",
    "contact_value",
    "report",
    "search",
];
