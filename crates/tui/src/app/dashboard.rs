//! Opening the dashboard and taking its answers.

use super::App;
use crate::layer::Layer;
use crate::message::Effect;
use crate::screens::dashboard::DashboardScreen;
use uln_api::{ClientResult, Dashboard, Queue};

impl App {
    /// The dashboard on top, loading, showing the queue the operator is on; opened again from
    /// itself (`:dashboard`), it is the same screen, reloaded.
    pub(super) fn open_dashboard(&mut self) -> Vec<Effect> {
        let queue = self
            .queue
            .queues
            .get(self.queue.queue_index)
            .map_or(Queue::All, |q| q.queue);
        match self.top_layer() {
            Some(Layer::Dashboard(_)) => {}
            _ => self.open(Layer::Dashboard(DashboardScreen::loading(queue))),
        }
        if let Some(screen) = self.find(Layer::dashboard_mut).next() {
            screen.loading = true;
        }
        vec![Effect::LoadDashboard]
    }

    pub(super) fn on_dashboard(&mut self, result: ClientResult<Dashboard>) {
        let screen = self.find(Layer::dashboard_mut).next();
        match (result, screen) {
            (Ok(dashboard), Some(screen)) => screen.loaded(dashboard),
            (Ok(_), None) => {}
            (Err(e), screen) => {
                if let Some(screen) = screen {
                    screen.loading = false;
                }
                self.report("dashboard", None, &e);
            }
        }
    }
}
