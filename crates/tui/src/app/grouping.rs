//! A grouped view (`:group`) open over the queue follows it: whenever the queue's rows may have
//! changed (an event, a page, a filter), the view is grouped again from the rows the queue shows
//! now, so nothing in it is stale and a bulk action goes at the versions the queue holds.

use super::App;
use crate::layer::Layer;

impl App {
    pub(super) fn follow_queue_in_groups(&mut self) {
        let queue = &self.queue;
        for entry in &mut self.layers {
            if let Layer::Groups(grouped) = &mut entry.layer {
                grouped.follow(queue.visible_rows(), |id| queue.is_marked(id));
            }
        }
    }
}
