//! What the app does with a layer's intents: the moves that need more than the layer itself
//! (the stack, the queue, the drafts).

use super::App;
use crate::layer::{Intent, Layer};
use crate::message::Effect;
use crate::message::ExportFile;
use crate::screens::challenges::ChallengesScreen;
use crate::screens::command::CommandLine;
use crate::screens::confirm::ConfirmQuit;
use crate::screens::export::ConfirmExport;
use crate::screens::help::HelpOverlay;
use crate::screens::plr::{PlrMode, PlrScreen};
use crate::screens::register::{RegisterSearch, SearchForm};
use uln_api::{LearnerFields, RecordFilter, SnoozeFilter};

impl App {
    /// Carries out a layer's intents in order; `Close` closes the layer on top.
    pub(super) fn apply(&mut self, intents: Vec<Intent>) -> Vec<Effect> {
        let mut effects = Vec::new();
        for intent in intents {
            match intent {
                Intent::Effect(effect) => effects.push(effect),
                Intent::Notify { text, error } => self.notify(text, error),
                Intent::Close => self.close(),
                Intent::Open(layer) => self.open(layer),
                Intent::Help => self.open_help(),
                Intent::CommandLine => {
                    let queues = self.queue.queues.iter().map(|q| q.queue.to_string());
                    self.open(Layer::CommandLine(CommandLine::new(
                        queues.collect::<Vec<_>>(),
                    )));
                }
                Intent::PlrLookup(uln) => self.open_plr(&uln),
                Intent::Call => effects.extend(self.open_call()),
                Intent::Dashboard => effects.extend(self.open_dashboard()),
                Intent::OpenRecord(id) => effects.extend(self.open_record(id)),
                Intent::Walk(step) => effects.extend(self.walk(step)),
                Intent::Amend(suggestion) => self.open_amend(suggestion.as_ref()),
                Intent::SetFilter(text) => self.queue.set_filter(text),
                Intent::RunCommand(text) => effects.extend(self.run_command(&text)),
                Intent::Quit => effects.extend(self.quit()),
                Intent::Copy { what, text } => match self.clipboard.copy(&text) {
                    Ok(()) => self.notify(format!("{what} copied"), false),
                    Err(why) => self.notify(why, true),
                },
                Intent::SearchRegister => self.open_register_search(),
                Intent::Mark { ids, on } => self.queue.set_marks(&ids, on),
                Intent::TakeOver => effects.extend(self.take_over()),
            }
        }
        effects
    }

    /// The keys of the layer on top, over it.
    fn open_help(&mut self) {
        let top = self.top();
        let help = HelpOverlay::new(top.title(), top.keys(), top.meanings(), top.help_topics());
        self.open(Layer::Help(help));
    }

    /// Opens the amend form for the record on top: its draft if there is one, else a fresh form.
    fn open_amend(&mut self, suggestion: Option<&LearnerFields>) {
        let Some(record) = self.layers().rev().find_map(|l| match l {
            Layer::Record(r) => Some(r),
            _ => None,
        }) else {
            return;
        };
        let fresh = match record.amend_form() {
            Ok(form) => form,
            Err(why) => return self.notify(why, true),
        };
        let mut form = self.drafts.remove(&fresh.id).unwrap_or(fresh);
        if let Some(amendment) = suggestion {
            form.apply(amendment);
        }
        self.open(Layer::Amend(Box::new(form)));
    }

    /// Opens the lookup over wherever the operator is; a ULN may be given (`:plr 1234567890`).
    /// On the lookup already, a half-typed query is kept unless a ULN is given.
    fn open_plr(&mut self, uln: &str) {
        if let Some(Layer::Plr(plr)) = self.top_layer() {
            if uln.trim().is_empty() && plr.mode == PlrMode::Query {
                return;
            }
        }
        if matches!(self.top_layer(), Some(Layer::Plr(_))) {
            self.close();
        }
        self.open(Layer::Plr(Box::new(PlrScreen::with_uln(uln))));
    }

    /// The register search over wherever the operator is. From a record, the record's names and
    /// date of birth are filled in and a learner's ULN can go to its amend form.
    fn open_register_search(&mut self) {
        if matches!(self.top_layer(), Some(Layer::Register(_))) {
            self.close();
        }
        let record = match self.top_layer() {
            Some(Layer::Record(r)) => r
                .detail
                .as_ref()
                .map(|d| (d.id, SearchForm::from_supplied(&d.supplied))),
            _ => None,
        };
        self.open(Layer::Register(Box::new(RegisterSearch::new(record))));
    }

    fn open_challenges(&mut self) -> Vec<Effect> {
        if matches!(self.top_layer(), Some(Layer::Challenges(_))) {
            self.close();
        }
        self.open(Layer::Challenges(ChallengesScreen::loading()));
        vec![Effect::LoadChallenges]
    }

    fn run_command(&mut self, text: &str) -> Vec<Effect> {
        match text {
            "" => Vec::new(),
            "q" | "quit" => self.quit(),
            "help" => {
                self.open_help();
                Vec::new()
            }
            "refresh" => vec![Effect::LoadQueues, self.queue.reload()],
            "challenges" => self.open_challenges(),
            "dashboard" => self.open_dashboard(),
            "all-records" => self.show_records(RecordFilter::All, SnoozeFilter::Awake),
            "closed-records" => self.show_records(RecordFilter::Closed, SnoozeFilter::Awake),
            "snoozed" => self.show_records(RecordFilter::Open, SnoozeFilter::Snoozed),
            "mine" => self.show_mine(),
            "handover" => self.open_handover(),
            "search" => {
                self.open_register_search();
                Vec::new()
            }
            export if export == "export" || export.starts_with("export ") => {
                self.ask_to_export(export.trim_start_matches("export"));
                Vec::new()
            }
            import if import == "import" || import.starts_with("import ") => {
                self.open_import(import.trim_start_matches("import"))
            }
            "call" => self.open_call(),
            group if group == "group" || group.starts_with("group ") => {
                self.group(group.trim_start_matches("group").trim());
                Vec::new()
            }
            plr if plr == "plr" || plr.starts_with("plr ") => {
                self.open_plr(plr.trim_start_matches("plr"));
                Vec::new()
            }
            name => match self
                .queue
                .queues
                .iter()
                .position(|q| q.queue.wire_name() == name)
            {
                Some(index) => {
                    self.queue.queue_index = index;
                    self.queue.records = RecordFilter::Open;
                    self.queue.mine = None;
                    self.queue.selected = None;
                    self.queue.clear_marks();
                    self.close_all();
                    vec![self.queue.reload()]
                }
                None => {
                    self.notify(format!("unknown command: {name} (tab completes)"), true);
                    Vec::new()
                }
            },
        }
    }

    /// `:group centre`, `:group anomaly`: the queue as shown, grouped; `:group off` leaves it.
    fn group(&mut self, by: &str) {
        use crate::screens::groups::{GroupBy, GroupedQueue};
        self.layers.retain(|e| !matches!(e.layer, Layer::Groups(_)));
        if by == "off" {
            return self.close_all();
        }
        let Some(by) = GroupBy::from_command(by) else {
            return self.notify(
                "group by what? :group centre, :group anomaly or :group off",
                true,
            );
        };
        self.close_all();
        let q = &self.queue;
        let grouped = GroupedQueue::new(by, q.visible_rows(), |id| q.is_marked(id));
        self.open(Layer::Groups(Box::new(grouped)));
    }

    /// Every record, closed ones too (or only those), in the queue screen: where a supervisor
    /// finds a resolved or rejected record to reopen. A queue's name or tab goes back.
    fn show_records(&mut self, records: RecordFilter, snoozed: SnoozeFilter) -> Vec<Effect> {
        self.queue.records = records;
        self.queue.snoozed = snoozed;
        self.queue.mine = None;
        self.queue.queue_index = 0;
        self.queue.selected = None;
        self.queue.clear_marks();
        self.close_all();
        vec![self.queue.reload()]
    }

    /// The queue as shown, ready to write to `typed` once the operator has read the warning and
    /// said yes (`ConfirmExport`).
    fn ask_to_export(&mut self, typed: &str) {
        if typed.trim().is_empty() {
            return self.notify("export where? :export PATH (a .csv file)", true);
        }
        let csv = match crate::export::queue_csv(&self.queue) {
            Ok(csv) => csv,
            Err(e) => return self.notify(format!("the export could not be made: {e}"), true),
        };
        let path = crate::export::expand(typed);
        let q = &self.queue;
        let mut view = q.queue_name().unwrap_or_else(|| "all open".into());
        if !q.filter.trim().is_empty() {
            view.push_str(&format!(", filtered by \"{}\"", q.filter.trim()));
        }
        let arrow = if q.descending { "↓" } else { "↑" };
        view.push_str(&format!(", sorted by {} {arrow}", q.sort.name()));
        if q.loading {
            view.push_str(", still loading: only the rows loaded so far");
        }
        let audit = uln_api::ExportRequest {
            queue: q
                .queue_name()
                .and_then(|name| uln_api::Queue::from_wire(&name))
                .unwrap_or_default(),
            records: q.records,
            filter: Some(q.filter.trim().to_owned()).filter(|f| !f.is_empty()),
            sort: q.sort.name().to_owned(),
            descending: q.descending,
            rows: u32::try_from(q.visible_len()).unwrap_or(u32::MAX),
        };
        let file = ExportFile {
            replace: path.exists(),
            path,
            rows: q.visible_len(),
            csv,
            audit,
        };
        self.open(Layer::ConfirmExport(ConfirmExport { file, view }));
    }

    /// Quits, unless edits are unsent: then it asks first, and a second quit key quits.
    fn quit(&mut self) -> Vec<Effect> {
        let asked = matches!(self.top_layer(), Some(Layer::ConfirmQuit(_)));
        let open_forms = self.layers().filter_map(|l| match l {
            Layer::Amend(form) => Some(form.as_ref()),
            _ => None,
        });
        let unsent = self
            .drafts
            .values()
            .chain(open_forms)
            .any(|d| !d.changed().is_empty());
        let call = self
            .layers()
            .any(|l| matches!(l, Layer::Call(c) if c.has_work()));
        if (unsent || call) && !asked {
            self.open(Layer::ConfirmQuit(ConfirmQuit));
            let text = if call {
                "a call is not wrapped up yet: quit again to drop it"
            } else {
                "an amendment is not sent yet: quit again to discard it"
            };
            self.notify(text, true);
            return Vec::new();
        }
        self.running = false;
        vec![Effect::Quit]
    }
}
