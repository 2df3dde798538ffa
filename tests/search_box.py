"""Opening Material's search box in a test as a reader does: once Material is done closing it."""

# Material closes its search box 125 ms after each change of location or target, the page's first load included
# (its bundle: merge(location$, target$).pipe(delay(125)) → setToggle("search", false)). A box opened within that
# time, as a test does right after an instant navigation, is closed under the test's typing: the field keeps the
# focus and the count of results shows, but the results list is hidden. This waits until neither stream has
# changed for twice that time; Material publishes both on window. Each stream gives its latest value when
# subscribed to, which starts the wait; a change still to come restarts it.
SETTLED_JS = """() => new Promise((resolve) => {
  let timer = null;
  const subscriptions = [];
  const done = () => { for (const s of subscriptions) s.unsubscribe(); resolve(); };
  const restart = () => { clearTimeout(timer); timer = setTimeout(done, 250); };
  restart();
  subscriptions.push(window.location$.subscribe(restart), window.target$.subscribe(restart));
})"""


def open_search(page, opener=None) -> None:
    """Click `opener` (by default the search field) once Material will no longer close the box by itself."""
    page.evaluate(SETTLED_JS)
    (opener or page.locator("input.md-search__input").first).click()
