//! The table of commands. Each line: the command's name (and the function of
//! the same name in [`crate::api`]), its request and response types, how it uses
//! the book, and the CLI command that does the same.
//!
//! [`for_each_command!`] hands the whole table to another macro, which makes
//! from it what it needs: the dispatcher and the TypeScript client here, the
//! Tauri handlers in the desktop shell. A new command is one line here and one
//! function; everything else follows (a test checks the CLI and the app have it).

/// Calls `$callback! { ... }` with every command:
/// `/// doc` `name(Request) -> Response, Access, "cli command";`.
#[macro_export]
macro_rules! for_each_command {
    ($callback:ident) => {
        $callback! {
            /// The today list for a local date (default: today in the user's zone).
            today_list(TodayListRequest) -> TodayList, Read, "today";
            /// The default cadences per tag, stage and value tier.
            cadence_rules(NoArgs) -> Vec<CadenceRule>, Read, "cadence list";
            /// Adds or replaces a cadence rule.
            set_cadence_rule(SetCadenceRuleRequest) -> (), Write, "cadence set";
            /// Removes a cadence rule; whether there was one.
            remove_cadence_rule(RemoveCadenceRuleRequest) -> bool, Write, "cadence clear";
            /// The dashboard: tiers, pipeline, trends, drifting customers, open cases.
            report(ReportRequest) -> Report, Read, "report";
            /// Customers per value tier, with the tier method.
            tiers(NoArgs) -> TierSummary, Read, "tier";
            /// One page of the contact list.
            list_contacts(ListContactsRequest) -> Vec<ContactSummary>, Read, "contact list";
            /// How many rows the contact list has for a query (paging ignored).
            count_contacts(ListContactsRequest) -> u64, Read, "contact list";
            /// Every tag in use.
            list_tags(NoArgs) -> Vec<String>, Read, "contact tags";
            /// One contact.
            get_contact(ContactRequest) -> Contact, Read, "contact show";
            /// A contact's value: RFM scores and tier; none when it bought nothing.
            contact_value(ContactRequest) -> Option<RfmScore>, Read, "contact show";
            /// A new contact's draft read from a pasted signature or business card (nothing written).
            contact_from_text(ContactFromTextRequest) -> ContactDraft, Read, "contact add --from-text";
            /// Creates a contact.
            add_contact(AddContactRequest) -> Contact, Write, "contact add";
            /// Replaces every user-set field of a contact.
            update_contact(UpdateContactRequest) -> Contact, Write, "contact edit";
            /// Deletes a contact (restorable).
            delete_contact(ContactRequest) -> (), Write, "contact delete";
            /// Undoes a delete.
            restore_contact(ContactRequest) -> (), Write, "contact restore";
            /// Archives or un-archives a contact.
            set_archived(SetArchivedRequest) -> (), Write, "contact archive | contact unarchive";
            /// The channels a contact opted out of.
            opt_outs(ContactRequest) -> Vec<OptOutChannel>, Read, "contact show";
            /// Opts a contact out of a channel, or back in.
            set_opt_out(SetOptOutRequest) -> Vec<OptOutChannel>, Write, "contact edit";
            /// Merges one contact into another; returns the result.
            merge_contacts(MergeContactsRequest) -> Contact, Write, "contact merge";
            /// Logs a call, email, meeting, message or note.
            log_interaction(LogInteractionRequest) -> Interaction, Write, "log";
            /// Deletes a logged interaction.
            delete_interaction(InteractionRequest) -> (), Write, "contact unlog";
            /// A contact's interactions, newest first.
            interactions_of(InteractionsOfRequest) -> Vec<Interaction>, Read, "contact show";
            /// Adds a follow-up.
            add_follow_up(AddFollowUpRequest) -> FollowUp, Write, "followup add";
            /// Completes a follow-up; with a number of days, plans the next one.
            complete_follow_up(CompleteFollowUpRequest) -> Option<FollowUp>, Write, "followup done";
            /// Moves a follow-up to another local date.
            snooze_follow_up(SnoozeFollowUpRequest) -> FollowUp, Write, "followup snooze";
            /// A contact's follow-ups.
            follow_ups_of(ContactRequest) -> Vec<FollowUp>, Read, "followup list";
            /// What a phrase ("called Ada about the renewal", "明天下午3点回访张总") would write.
            capture_preview(CaptureRequest) -> CapturePreview, Write, "capture --dry-run";
            /// Writes what a phrase says (interaction, follow-up).
            capture(CaptureRequest) -> Captured, Write, "capture";
            /// Undoes the last capture.
            capture_undo(CaptureUndoRequest) -> CaptureUndo, Write, "capture --undo";
            /// Logs the emails of a mail file or folder (mbox, .eml, Maildir).
            mail_import(MailImportRequest) -> MailImportSummary, Job, "mail import";
            /// Logs the past meetings of a calendar file (.ics).
            calendar_import(CalendarImportRequest) -> CalendarImportSummary, Job, "calendar import";
            /// The mail accounts read over IMAP.
            mail_accounts(NoArgs) -> Vec<MailAccount>, Read, "mail account list";
            /// Tries a mail account's server and login (nothing stored).
            test_mail_account(MailAccountDraft) -> MailAccountAdded, Read, "mail account add --test";
            /// Adds a mail account; its password goes to the system keyring.
            add_mail_account(MailAccountDraft) -> MailAccountAdded, Write, "mail account add";
            /// Removes a mail account and forgets its password.
            remove_mail_account(MailAccountRequest) -> MailAccount, Write, "mail account remove";
            /// Reads the new messages of the mail accounts (one undoable batch each).
            mail_sync(MailSyncRequest) -> Vec<MailSyncSummary>, Job, "mail sync";
            /// People often emailed who are not contacts yet.
            mail_suggestions(NoArgs) -> Vec<Suggestion>, Read, "mail suggestions list";
            /// Makes a suggested address a contact.
            accept_suggestion(SuggestionRequest) -> AcceptedSuggestion, Write, "mail suggestions accept";
            /// Never suggests an address again.
            dismiss_suggestion(SuggestionRequest) -> (), Write, "mail suggestions dismiss";
            /// Finds contacts as the user types.
            search(SearchRequest) -> Vec<PaletteHit>, Read, "search";
            /// Reads a file without writing: format, mapping, sample rows, what importing would do.
            import_preview(ImportFileRequest) -> Preview, Job, "import --dry-run";
            /// Imports a file as one undoable batch.
            import_run(ImportFileRequest) -> ImportReport, Job, "import";
            /// Undoes an import batch.
            import_undo(ImportUndoRequest) -> UndoSummary, Write, "undo-import | mail undo";
            /// Import batches, newest first.
            import_batches(NoArgs) -> Vec<BatchInfo>, Read, "imports";
            /// Writes contacts (CSV, Google CSV, vCard) or follow-ups (ICS) to a file.
            export_contacts(ExportRequest) -> ExportResult, Job, "export";
            /// The running job and its progress, if any.
            job_status(NoArgs) -> Option<JobStatus>, Read, "(the CLI shows a progress bar)";
            /// Asks the running job to stop; whether one was running.
            job_cancel(NoArgs) -> bool, Read, "(Ctrl-C stops a CLI command)";
            /// Every setting, with defaults.
            get_settings(NoArgs) -> Settings, Read, "settings show | mail addresses show";
            /// Changes one setting; returns them all.
            change_setting(ChangeSettingRequest) -> Settings, Write, "settings set | mail addresses set";
            /// Whether Rapport starts at login and reminds while closed.
            desktop_integration(NoArgs) -> DesktopIntegration, Read, "settings desktop";
            /// Starts Rapport at login, or reminds while closed, or stops either.
            set_desktop_integration(DesktopIntegrationChange) -> DesktopIntegration, Write, "settings desktop";
            /// Records a deal or a purchase (a won deal).
            add_deal(AddDealRequest) -> Deal, Write, "deal add";
            /// Marks a deal won or lost.
            close_deal(CloseDealRequest) -> Deal, Write, "deal won | deal lost";
            /// Moves an open deal to another pipeline stage.
            move_deal(MoveDealRequest) -> Deal, Write, "deal move";
            /// Deals, newest first.
            list_deals(DealQuery) -> Vec<Deal>, Read, "deal list";
            /// The pipeline's stages.
            pipeline_stages(NoArgs) -> Vec<PipelineStage>, Read, "deal stages";
            /// Renames a pipeline stage.
            rename_stage(RenameStageRequest) -> Vec<PipelineStage>, Write, "deal rename-stage";
            /// Opens a service case and plans its first follow-up.
            open_case(OpenCaseRequest) -> ServiceCase, Write, "case open";
            /// Closes a case with its resolution.
            close_case(CloseCaseRequest) -> ServiceCase, Write, "case close";
            /// Open cases, or one contact's cases.
            list_cases(ListCasesRequest) -> Vec<ServiceCase>, Read, "case list";
            /// Saves a segment (a name and a condition); with its count now.
            save_segment(SegmentDraft) -> SegmentCount, Write, "segment add";
            /// Renames, re-defines or (un)pins a segment.
            edit_segment(SegmentEdit) -> SegmentCount, Write, "segment edit";
            /// Removes a saved segment (its contacts stay).
            remove_segment(SegmentRef) -> Segment, Write, "segment remove";
            /// Saved segments with their counts.
            list_segments(SegmentListRequest) -> SegmentList, Read, "segment list";
            /// One segment and its count.
            show_segment(SegmentRef) -> SegmentCount, Read, "segment show";
            /// A segment's contacts, paged.
            segment_members(SegmentMembersRequest) -> SegmentMembers, Read, "segment members";
            /// Who a condition selects, before it is saved.
            preview_segment(SegmentPreviewRequest) -> SegmentMembers, Read, "segment preview";
            /// Customers by value tier and risk.
            value_risk_matrix(MatrixRequest) -> ValueRiskMatrix, Read, "segment matrix";
            /// Saves each cell of the value/risk matrix as a segment.
            save_value_risk_matrix(MatrixRequest) -> SavedMatrix, Write, "segment matrix --save";
            /// Applies one action to a group of contacts, as one undoable step.
            apply_bulk(BulkRequest) -> BulkOutcome, Write, "bulk tag | bulk untag | bulk stage | bulk cadence | bulk opt-out | bulk archive | bulk delete | bulk log";
            /// Who a bulk action would reach.
            preview_bulk(BulkTarget) -> BulkPreview, Read, "bulk --dry-run";
            /// Undoes the newest step (bulk action, merge of duplicates, campaign creation).
            undo_step(UndoRequest) -> UndoStep, Write, "undo";
            /// The steps that can be undone, newest first.
            undo_history(UndoHistoryRequest) -> UndoHistory, Read, "undo --list";
            /// Likely duplicates across the book.
            find_duplicates(DuplicatesRequest) -> DuplicateList, Read, "duplicates list";
            /// Merges likely duplicates, as one undoable step.
            merge_duplicates(MergeRequest) -> MergeOutcome, Write, "duplicates merge";
            /// Creates a campaign from a segment, with its seeded control group.
            create_campaign(CampaignDraft) -> CampaignCreated, Write, "campaign create";
            /// Every campaign, newest first.
            list_campaigns(CampaignListRequest) -> CampaignList, Read, "campaign list";
            /// A campaign and its members.
            show_campaign(CampaignRef) -> CampaignDetail, Read, "campaign show";
            /// A campaign's result against its control group.
            campaign_result(CampaignRef) -> CampaignReport, Read, "campaign report";
            /// Logs the outreach to one member of a campaign.
            log_outreach(OutreachRequest) -> Interaction, Write, "campaign outreach";
            /// Undoes a campaign's creation (refused once outreach is logged).
            undo_campaign(CampaignRef) -> UndoStep, Write, "campaign undo";
            /// Writes a consistent copy of the database into the backups folder.
            backup(NoArgs) -> BackupResult, Job, "backup";
            /// Replaces the data with a backup (the current data is kept as a backup).
            restore(RestoreRequest) -> RestoreResult, Job, "restore";
            /// Checks the database and that the search index agrees with it.
            check(NoArgs) -> CheckResult, Job, "check";
            /// Rebuilds the search index from the database.
            reindex(NoArgs) -> u64, Job, "reindex";
            /// Whether the daily reminder is due now, and for how many people.
            reminder_due(NoArgs) -> Option<Reminder>, Read, "remind";
            /// Records that the daily reminder went out today.
            reminder_sent(NoArgs) -> (), Write, "remind";
        }
    };
}
