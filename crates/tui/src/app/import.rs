//! `:import PATH`: opening the import screen and following its work. The import itself is the
//! session's (a write is never abandoned), so leaving the screen does not stop it: its end is
//! told as a notice instead.

use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::import::ImportScreen;
use crate::tasks::import::{ImportPlan, ImportProgress, ImportSummary};

impl App {
    pub(super) fn open_import(&mut self, typed: &str) -> Vec<Effect> {
        let sending = self
            .layers
            .iter()
            .any(|e| matches!(&e.layer, Layer::Import(s) if s.running()));
        if self.import_running || sending {
            self.notify("an import is already running: wait for it to end", true);
            return Vec::new();
        }
        if typed.trim().is_empty() {
            self.notify(
                "import which file? :import PATH (a centre's .csv batch)",
                true,
            );
            return Vec::new();
        }
        let path = crate::export::expand(typed);
        self.open(Layer::Import(ImportScreen::reading(path.clone())));
        vec![Effect::ReadImport(path)]
    }

    pub(super) fn on_import_read(&mut self, result: Result<ImportPlan, String>) {
        if let Some(screen) = self.find(Layer::import_mut).next() {
            screen.read(result);
        }
    }

    pub(super) fn on_import_progress(&mut self, progress: ImportProgress) {
        self.import_running = true;
        if let Some(screen) = self.find(Layer::import_mut).next() {
            screen.progress(progress);
        }
    }

    pub(super) fn on_import_done(&mut self, result: Result<ImportSummary, String>) {
        self.import_running = false;
        let notice = match &result {
            Ok(summary) if summary.unsent() > 0 => (
                format!(
                    "import ended: {} rows not sent or not confirmed; see {}",
                    summary.unsent(),
                    summary.results.display()
                ),
                true,
            ),
            Ok(summary) => (
                format!("import finished: results in {}", summary.results.display()),
                false,
            ),
            Err(why) => (format!("import failed: {why}"), true),
        };
        if let Some(screen) = self.find(Layer::import_mut).next() {
            return screen.done(result);
        }
        let (text, error) = notice;
        self.notify(text, error);
    }
}
