//! The dashboard: is the team keeping up? For the chosen queue, the open backlog by days left
//! before removal (a bar chart) and the centres with the most of it; for the team, resolutions
//! per day over four weeks (a sparkline) and, for a supervisor, per operator. `tab` and
//! `shift-tab` step through the queues; it is loaded when opened and again with `r`.

mod draw;

use crate::keymap::Action;
use crate::layer::{Component, Cx, Intent};
use crate::message::Effect;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use uln_api::{Dashboard, Queue, QueueDashboard};

#[derive(Debug)]
pub struct DashboardScreen {
    pub dashboard: Option<Dashboard>,
    pub loading: bool,
    /// The queue shown: kept by name, so a reload with a new queue keeps the operator's place.
    pub queue: Queue,
}

impl DashboardScreen {
    pub const KEYS: &'static [Action] = &[
        Action::NextQueue,
        Action::PreviousQueue,
        Action::Refresh,
        Action::Back,
        Action::PlrLookup,
        Action::Command,
        Action::Help,
        Action::Quit,
        Action::Call,
    ];

    /// A dashboard loading, showing `queue` first (the queue the operator was on).
    pub fn loading(queue: Queue) -> DashboardScreen {
        DashboardScreen {
            dashboard: None,
            loading: true,
            queue,
        }
    }

    pub fn loaded(&mut self, dashboard: Dashboard) {
        self.loading = false;
        if !dashboard.queues.iter().any(|q| q.queue == self.queue) {
            self.queue = Queue::All;
        }
        self.dashboard = Some(dashboard);
    }

    /// The chosen queue's part, once loaded.
    pub fn shown(&self) -> Option<&QueueDashboard> {
        let dashboard = self.dashboard.as_ref()?;
        dashboard
            .queues
            .iter()
            .find(|q| q.queue == self.queue)
            .or_else(|| dashboard.queues.first())
    }

    /// Moves `step` queues on, round the list.
    fn step(&mut self, step: isize) {
        let Some(dashboard) = &self.dashboard else {
            return;
        };
        let count = dashboard.queues.len() as isize;
        if count == 0 {
            return;
        }
        let at = dashboard
            .queues
            .iter()
            .position(|q| q.queue == self.queue)
            .unwrap_or(0) as isize;
        self.queue = dashboard.queues[(at + step).rem_euclid(count) as usize].queue;
    }
}

impl Component for DashboardScreen {
    fn title(&self) -> &'static str {
        "dashboard"
    }

    fn keys(&self) -> &'static [Action] {
        Self::KEYS
    }

    fn on_key(&mut self, _key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        match action {
            Some(Action::NextQueue) => self.step(1),
            Some(Action::PreviousQueue) => self.step(-1),
            Some(Action::Refresh) => {
                self.loading = true;
                return vec![Intent::Effect(Effect::LoadDashboard)];
            }
            Some(Action::Back) => return vec![Intent::Close],
            Some(Action::PlrLookup) => return vec![Intent::PlrLookup(String::new())],
            Some(Action::Command) => return vec![Intent::CommandLine],
            Some(Action::Help) => return vec![Intent::Help],
            Some(Action::Quit) => return vec![Intent::Quit],
            _ => {}
        }
        Vec::new()
    }

    fn opaque(&self) -> bool {
        true
    }

    fn render(&mut self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        draw::dashboard(self, area, buf, cx);
    }
}
