"""Every main page at a phone's width (390 px) and a laptop's (1366 px), in a real browser: the page
never scrolls sideways as a whole (WCAG 2.2 1.4.10 Reflow), no two elements share an id, wide
tables scroll inside their own labelled, focusable region, and the chart's text stays readable.
A 2,000-character word with nowhere to break is put where lists and pages show it."""
import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import Pages, make_driver, serving

MILESTONE = "Test the electoral register audit"
LONG_WORD = "Unbroken" + "x" * 1992
LONG_TITLE = "Reorganisation" * 10  # one word of 140 characters

# What a page reports about its own layout, measured in the browser.
MEASURE = """
const ids = {};
for (const e of document.querySelectorAll('[id]')) ids[e.id] = (ids[e.id] || 0) + 1;
const regions = [...document.querySelectorAll('.table-scroll')].map(r => ({
  role: r.getAttribute('role'),
  name: r.getAttribute('aria-label') ||
        (document.getElementById(r.getAttribute('aria-labelledby') || '') || {textContent: ''}).textContent.trim(),
  scrolls: r.scrollWidth > r.clientWidth + 1,
  focusable: r.tabIndex >= 0 && r.hasAttribute('tabindex'),
}));
const unwrapped = [...document.querySelectorAll('table.table')].filter(t => !t.parentElement.classList.contains('table-scroll')).length;
const charts = [...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 0).map(s => {
  const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
  const sizes = [...s.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * scale);
  return Math.min(...sizes);
});
const hiddenTags = [...document.querySelectorAll('main .tag')].filter(t => t.getBoundingClientRect().right > window.innerWidth).length;
return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        duplicates: Object.keys(ids).filter(k => ids[k] > 1), regions, unwrapped, charts, hiddenTags};
"""


@pytest.fixture(scope="module")
def layout_server():
    """A server of its own: these tests open a period and add a milestone."""
    yield from serving()


def click(pages, xpath):
    pages.click_and_wait(pages.driver.find_element(By.XPATH, xpath))


def fill(pages, field, text):
    element = pages.driver.find_element(By.ID, field)
    element.clear()
    # Typing 2,000 characters key by key is slow; the value is set, then one key is typed.
    pages.driver.execute_script("arguments[0].value = arguments[1]", element, text[:-1])
    element.send_keys(text[-1])


@pytest.fixture(scope="module")
def visits(layout_server):
    """The administrator adds a performance officer, who opens a period, records an update whose
    commentary is one unbroken 2,000-character word, adds a milestone with a 140-character one-word
    title, and puts the proposed deadline before a Board meeting. Returns the pages each account visits."""
    driver = make_driver()
    try:
        pages = Pages(driver, layout_server)
        pages.sign_in("admin", layout_server.admin_password)
        officer = ("po@council.test", pages.add_user("Pat Officer", "po@council.test", "Performance officer"))
        pages.sign_out()

        pages.sign_in(*officer)
        pages.go("/plans/1/periods")
        click(pages, "//button[normalize-space()='Open Q3 2017-18 for updates']")
        click(pages, "//a[normalize-space()='Draft report']")
        period = pages.driver.current_url.split("?")[0].replace(layout_server.url, "")

        pages.go("/plans/1/milestones?q=" + requests.utils.quote(MILESTONE))
        pages.click_and_wait(pages.driver.find_element(By.LINK_TEXT, MILESTONE))
        milestone = pages.driver.current_url.split("?")[0].replace(layout_server.url, "")
        click(pages, "//a[normalize-space()='Record an update']")
        fill(pages, "commentary", LONG_WORD)
        fill(pages, "proposed_deadline", "Mar-18")
        fill(pages, "proposed_reason", LONG_WORD)
        click(pages, "//button[@value='save']")
        assert "There is a problem" not in pages.text()

        pages.go("/activities/1/milestones/new")
        fill(pages, "title", LONG_TITLE)
        fill(pages, "deadline", "Mar-18")
        fill(pages, "leads", "Lucy Marsh")
        click(pages, "//button[normalize-space()='Save milestone']")
        assert "There is a problem" not in pages.text()
        pages.go("/plans/1/milestones?q=" + LONG_TITLE)
        pages.click_and_wait(pages.driver.find_element(By.PARTIAL_LINK_TEXT, LONG_TITLE[:40]))
        long_milestone = pages.driver.current_url.split("?")[0].replace(layout_server.url, "")

        pages.go("/boards")
        fill(pages, "name", "Best Value Improvement Board")
        pages.driver.find_element(By.XPATH, "//select[@id='kind']/option[normalize-space()='Improvement board']").click()
        fill(pages, "chair", "The Mayor")
        click(pages, "//button[normalize-space()='Add board']")
        board = pages.driver.current_url.split("?")[0].replace(layout_server.url, "")
        pages.driver.execute_script("document.getElementById('held_on').value = '2017-12-18'")
        click(pages, "//button[normalize-space()='Add meeting']")
        fill(pages, "title", "October to December 2017 update")
        pages.driver.find_element(By.ID, "ask-3").click()
        pages.driver.find_element(By.XPATH, "//select[@id='period_id']/option[contains(., 'Q3 2017-18')]").click()
        click(pages, "//button[normalize-space()='Add item']")
        meeting = pages.driver.current_url.split("?")[0].replace(layout_server.url, "")
        pages.sign_out()
    finally:
        driver.quit()

    admin = [
        ("plans", "/plans"),
        ("dashboard", "/plans/1?as_of=2017-12-31"),
        ("milestone-list", "/plans/1/milestones?as_of=2017-12-31"),
        ("milestone-list-long-title", "/plans/1/milestones?q=" + LONG_TITLE),
        ("milestone", milestone),
        ("milestone-long-title", long_milestone),
        ("periods", "/plans/1/periods"),
        ("period", period),
        ("board-pack", period + "/pack"),
        ("governance-trail", "/plans/1/governance"),
        ("my-milestones", "/my-milestones"),
        ("boards", "/boards"),
        ("board", board),
        ("meeting", meeting),
        ("directions", "/directions"),
        ("people", "/people"),
        ("users", "/admin/users"),
        ("settings", "/admin/settings"),
        ("audit", "/admin/audit"),
        ("outbox", "/admin/outbox"),
        ("account", "/account"),
        ("tokens", "/account/tokens"),
        ("not-found", "/plans/999"),
    ]
    officer_pages = [
        ("update-form", milestone + "/update"),
        ("structure", "/plans/1/structure"),
        ("edit-milestone", long_milestone + "/edit"),
        ("new-milestone", "/activities/1/milestones/new"),
        ("narrative", period + "/narrative"),
        ("import", "/import"),
    ]
    return {"admin": (("admin", layout_server.admin_password), admin), "officer": (officer, officer_pages)}


def sign_out(pages):
    """Signs out, opening the header's menu first where a small screen folds it away."""
    menu = pages.driver.find_elements(By.CSS_SELECTOR, ".header__menu-button")
    if menu and menu[0].is_displayed() and menu[0].get_attribute("aria-expanded") != "true":
        menu[0].click()
    pages.sign_out()


def measure(pages):
    return pages.driver.execute_script(MEASURE)


@pytest.mark.parametrize("width", [390, 1366])
def test_pages_fit_the_window_at_phone_and_laptop_widths(browser, layout_server, visits, width):
    browser.set_window_size(width, 900)
    pages = Pages(browser, layout_server)
    problems = []
    pages.go("/sign-in")
    for (email, password), visit in [visits["admin"], visits["officer"]]:
        pages.sign_in(email, password)
        for name, path in visit:
            pages.go(path)
            WebDriverWait(browser, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
            found = measure(pages)
            if width == 390:
                pages.screenshot(f"narrow-{name}")
            if found["scrollWidth"] > found["innerWidth"]:
                problems.append(f"{name} ({path[:80]}): the page scrolls sideways, {found['scrollWidth']} px wide in a {found['innerWidth']} px window")
            if found["duplicates"]:
                problems.append(f"{name}: duplicate ids {found['duplicates'][:10]}")
            if found["unwrapped"]:
                problems.append(f"{name}: {found['unwrapped']} table(s) outside a scrolling region")
            for region in found["regions"]:
                if region["role"] != "region" or not region["name"]:
                    problems.append(f"{name}: a table's scrolling region has no role or name: {region}")
                if region["scrolls"] and not region["focusable"]:
                    problems.append(f"{name}: the scrolling region \"{region['name']}\" cannot be reached with the keyboard")
            if found["hiddenTags"]:
                problems.append(f"{name}: {found['hiddenTags']} status tag(s) off the right of the screen")
            for smallest in found["charts"]:
                if smallest < 12:
                    problems.append(f"{name}: the chart's smallest text is drawn at {smallest:.1f} px")
            if width == 390:
                bad = pages.axe()
                problems += [f"{name}: axe {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:3]}" for v in bad]
        sign_out(pages)
    assert not problems, "\n".join(problems)


def test_the_header_menu_folds_away_on_a_phone(browser, layout_server, visits):
    browser.set_window_size(390, 900)
    pages = Pages(browser, layout_server)
    pages.sign_in(*visits["admin"][0])
    pages.go("/plans")
    menu = browser.find_element(By.CSS_SELECTOR, ".header__menu-button")
    links = browser.find_element(By.ID, "navigation")
    assert menu.is_displayed() and not links.is_displayed()
    assert menu.get_attribute("aria-expanded") == "false" and menu.get_attribute("aria-controls") == "navigation"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and links.is_displayed()
    for label in ("Plans", "Users", "Audit trail", "Your account"):
        link = browser.find_element(By.LINK_TEXT, label)
        assert link.is_displayed() and link.rect["x"] + link.rect["width"] <= 390, label
    assert browser.find_element(By.XPATH, "//button[normalize-space()='Sign out']").is_displayed()
    found = measure(pages)
    assert found["scrollWidth"] <= found["innerWidth"]
    pages.screenshot("narrow-menu-open")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "false" and not links.is_displayed()

    browser.set_window_size(1366, 900)
    assert not menu.is_displayed() and links.is_displayed()


PIXELS = """
const [element, shot, done] = arguments;
const image = new Image();
image.onload = () => {
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const r = element.getBoundingClientRect(), scale = image.width / window.innerWidth;
  const data = context.getImageData(Math.round(r.left * scale), Math.round(r.top * scale),
                                    Math.round(r.width * scale), Math.round(r.height * scale)).data;
  const pixels = [];
  for (let i = 0; i < data.length; i += 4) pixels.push([data[i], data[i + 1], data[i + 2]]);
  done(pixels);
};
image.src = 'data:image/png;base64,' + shot;
"""


def pixels(driver, element):
    """The colours drawn where the element is: what the person sees, :visited included
    (getComputedStyle does not tell a page whether a link was visited)."""
    return driver.execute_async_script(PIXELS, element, driver.get_screenshot_as_base64())


def near(pixel, colour, within=40):
    return sum((a - b) ** 2 for a, b in zip(pixel, colour)) ** 0.5 <= within


def test_record_an_update_stays_a_button_once_visited(browser, layout_server, visits):
    """A visited link styled as a button keeps white text on green, in every state."""
    from selenium.webdriver.common.action_chains import ActionChains
    pages = Pages(browser, layout_server)
    (email, password), officer_pages = visits["officer"]
    pages.sign_in(email, password)
    pages.go(dict(officer_pages)["update-form"].rsplit("/", 1)[0])
    click(pages, "//a[normalize-space()='Record an update']")
    browser.back()  # the button's link is now a visited one
    button = WebDriverWait(browser, 15).until(
        lambda d: d.find_element(By.XPATH, "//a[normalize-space()='Record an update']"))
    browser.execute_script("arguments[0].blur(); arguments[0].scrollIntoView({block: 'center'})", button)
    purple, dark_blue, white, black = (0x4c, 0x2c, 0x92), (0x00, 0x30, 0x78), (255, 255, 255), (0x0b, 0x0c, 0x0c)

    def check(state, background, text, wrong):
        drawn = pixels(browser, button)
        assert sum(near(p, background, 10) for p in drawn) > len(drawn) / 2, f"{state}: the background is not {background}"
        assert any(near(p, text, 30) for p in drawn), f"{state}: no text drawn in {text}"
        assert not any(near(p, colour) for p in drawn for colour in wrong), f"{state}: link colours drawn on the button"

    check("visited", (0x00, 0x70, 0x3c), white, [purple, dark_blue])
    ActionChains(browser).move_to_element(button).perform()
    check("hovered", (0x00, 0x5a, 0x30), white, [purple, dark_blue])
    ActionChains(browser).move_by_offset(0, 300).perform()
    browser.execute_script("arguments[0].focus()", button)
    check("focused", (0xff, 0xdd, 0x00), black, [purple, dark_blue, white])
