//! Lists the API returns page by page, as one stream of items.

use std::fmt;

/// Every item of a list that the API returns page by page, from a request's `items()`: a
/// `futures_core::Stream` of items that fetches the next page only when the items of the
/// last one are used up. Or call [`Paginated::next_item`] until it returns `None`.
///
/// Paging ends at the last page (no next cursor, an empty page, or as many items as the
/// response's total), at a next cursor already used (a server whose cursors go round in a
/// cycle would otherwise be read for ever), or after an error, which is the stream's last
/// item.
pub struct Paginated<'a, T, E> {
    pages: std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<T, E>> + Send + 'a>>,
}

impl<T, E> Paginated<'_, T, E> {
    /// The next item, fetching the next page when needed; `None` after the last one.
    pub async fn next_item(&mut self) -> Option<Result<T, E>> {
        std::future::poll_fn(|cx| self.pages.as_mut().poll_next(cx)).await
    }
}

impl<T, E> futures_core::Stream for Paginated<'_, T, E> {
    type Item = Result<T, E>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().pages.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for Paginated<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated").finish_non_exhaustive()
    }
}

/// One page of a list: its items, the key of the next page, and the total number of items
/// when the response gives it.
#[allow(
    dead_code,
    reason = "generated paginated lists use it; an API may have none"
)]
pub(crate) struct Page<T, K> {
    pub items: Vec<T>,
    pub next: Option<K>,
    pub total: Option<u64>,
}

/// A count as `u64`, when it is one (not negative).
#[allow(
    dead_code,
    reason = "generated paginated lists use it; an API may have none"
)]
pub(crate) fn count(value: impl TryInto<u64>) -> Option<u64> {
    value.try_into().ok()
}

/// The pages of a list, fetched by `fetch` from the key of each (`first` for the first).
#[allow(
    dead_code,
    reason = "generated paginated lists use it; an API may have none"
)]
pub(crate) fn paginate<'a, T, K, E, F, Fut>(first: Option<K>, fetch: F) -> Paginated<'a, T, E>
where
    T: Send + 'a,
    K: PartialEq + Clone + Send + Unpin + 'a,
    E: Send + 'a,
    F: FnMut(Option<K>) -> Fut + Send + Unpin + 'a,
    Fut: std::future::Future<Output = Result<Page<T, K>, E>> + Send + 'a,
{
    Paginated {
        pages: Box::pin(PageStream {
            fetch,
            key: first,
            pending: None,
            items: std::collections::VecDeque::new(),
            seen: 0,
            used: Vec::new(),
            done: false,
        }),
    }
}

/// The state of [`Paginated`]: the page being fetched, and the items of the last one.
struct PageStream<T, K, F, Fut> {
    fetch: F,
    /// The key of the next page to fetch.
    key: Option<K>,
    pending: Option<std::pin::Pin<Box<Fut>>>,
    items: std::collections::VecDeque<T>,
    seen: u64,
    /// Every key fetched so far: a next key among them closes a cycle.
    used: Vec<K>,
    done: bool,
}

// Nothing of it is pinned in place (the page being fetched is boxed), so it may move.
impl<T, K: Unpin, F: Unpin, Fut> Unpin for PageStream<T, K, F, Fut> {}

impl<T, K, E, F, Fut> futures_core::Stream for PageStream<T, K, F, Fut>
where
    K: PartialEq + Clone + Unpin,
    F: FnMut(Option<K>) -> Fut + Unpin,
    Fut: std::future::Future<Output = Result<Page<T, K>, E>>,
{
    type Item = Result<T, E>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let key = this.key.clone();
            let pending = this
                .pending
                .get_or_insert_with(|| Box::pin((this.fetch)(key.clone())));
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.pending = None;
            let page = match page {
                Ok(page) => page,
                Err(e) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
            };
            let count = page.items.len() as u64;
            this.seen += count;
            this.items.extend(page.items);
            this.used.extend(key);
            // The end: no next page, an empty page, the total reached, or a next key already
            // fetched, this page's or an earlier one's (a server that would loop for ever).
            let end = count == 0
                || page.total.is_some_and(|total| this.seen >= total)
                || page
                    .next
                    .as_ref()
                    .is_none_or(|next| this.used.contains(next));
            if end {
                this.done = true;
            } else {
                this.key = page.next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_core::Stream as _;
    use std::collections::BTreeMap;

    /// Every item `paginate` yields when each key's page is the one `pages` gives (items,
    /// next key), stopping at 100 items should it never end.
    fn items(pages: &[(Option<&'static str>, &[u32], Option<&'static str>)]) -> Vec<u32> {
        let pages: BTreeMap<_, _> = pages
            .iter()
            .map(|(key, items, next)| (*key, (items.to_vec(), *next)))
            .collect();
        let mut stream = paginate(None, move |key: Option<&'static str>| {
            let (items, next) = pages[&key].clone();
            std::future::ready(Ok::<_, ()>(Page {
                items,
                next,
                total: None,
            }))
        });
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        let mut seen = Vec::new();
        while seen.len() < 100 {
            match std::pin::Pin::new(&mut stream).poll_next(&mut context) {
                std::task::Poll::Ready(Some(item)) => seen.push(item.unwrap()),
                std::task::Poll::Ready(None) => break,
                std::task::Poll::Pending => unreachable!("every page is ready"),
            }
        }
        seen
    }

    #[test]
    fn paging_follows_cursors_to_the_last_page() {
        let pages = [
            (None, &[1, 2][..], Some("a")),
            (Some("a"), &[3][..], Some("b")),
            (Some("b"), &[4][..], None),
        ];
        assert_eq!(items(&pages), [1, 2, 3, 4]);
    }

    #[test]
    fn paging_ends_when_cursors_cycle() {
        // The same cursor again.
        let pages = [
            (None, &[1][..], Some("a")),
            (Some("a"), &[2][..], Some("a")),
        ];
        assert_eq!(items(&pages), [1, 2]);
        // A cycle of two cursors, and of three: each page is read once.
        let pages = [
            (None, &[1][..], Some("a")),
            (Some("a"), &[2][..], Some("b")),
            (Some("b"), &[3][..], Some("a")),
        ];
        assert_eq!(items(&pages), [1, 2, 3]);
        let pages = [
            (None, &[1][..], Some("a")),
            (Some("a"), &[2][..], Some("b")),
            (Some("b"), &[3][..], Some("c")),
            (Some("c"), &[4][..], Some("b")),
        ];
        assert_eq!(items(&pages), [1, 2, 3, 4]);
    }
}
