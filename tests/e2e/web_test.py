#!/usr/bin/env python3
"""Browser test of the web client that forumd serves at `/`, in Debian's headless Chromium
driven through chromedriver by Selenium (python3-selenium).

A focal point signs in with a token, registers its delegation, states its round-table
preferences and inscribes a speaker; another tab follows the floor of the plenary while the chair
calls speakers with forumctl, and the page follows without a reload; two chairs change one paragraph of a draft and the
second sees both texts and keeps its own. Screenshots of the main
pages go to the artifacts folder, and each of those pages is audited with Deque's axe-core
(pinned in tests/e2e/web_audit) against WCAG 2.1 A and AA. Any error the page logs, and any
violation the audit finds, fails the test.
"""
import argparse
import json
import os
import re
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402
from e2e_test import Server, ctl, npm_ci  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

ARGS = None
HERE = os.path.dirname(os.path.abspath(__file__))
AXE = None  # axe-core's script, injected into each page audited

# The rules of WCAG 2.1, levels A and AA, as axe-core tags them.
AUDIT = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
  .then((result) => done(result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }))))
  .catch((error) => done([{ rule: "axe-error", help: String(error) }]));
"""


def prepare_axe():
    """Installs the pinned axe-core (once per lock file) and returns its script."""
    target = ARGS.node_dir
    npm_ci(os.path.join(HERE, "web_audit"), target)
    with open(os.path.join(target, "node_modules", "axe-core", "axe.min.js")) as f:
        return f.read()


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = ARGS.chromium
    # Chromium's own background traffic is refused on a closed network; none is needed here.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                 "--user-data-dir=" + profile):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(ARGS.chromedriver), options=options)


def token_of(output):
    return re.search(r"forum_[A-Za-z0-9_-]+", output).group(0)


class WebClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = Server(cls.tmp.name)
        cls.server.start()
        s = cls.server
        ctl(s, "events", "create", "web-2027", "--title", "Consultation on labour mobility",
            "--kind", "consultation", "--venue", "Palais des Nations, Geneva", "--time-zone",
            "Europe/Zurich", "--start", "2027-05-10", "--end", "2027-05-11", "--state",
            "open-for-registration")
        ctl(s, "sessions", "create", "web-2027", "--number", "1", "--start", "2027-05-10T10:00",
            "--end", "2027-05-10T13:00", "--title", "Opening plenary")
        for number, title in ((1, "Skills and recognition"), (2, "Remittances")):
            ctl(s, "roundtables", "create", "web-2027", "--number", str(number), "--title",
                title, "--capacity", "40")
        cls.focal = token_of(ctl(s, "tokens", "create", "--name", "Focal point of Belgium",
                                 "--role", "focal-point=events/web-2027/delegations/bel").stdout)
        cls.reader = token_of(ctl(s, "tokens", "create", "--name", "Observer", "--role",
                                  "reader").stdout)
        cls.base = "http://127.0.0.1:%d/" % s.http_port
        os.makedirs(ARGS.artifacts, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.profile = tempfile.TemporaryDirectory()
        self.driver = browser(self.profile.name)
        self.wait = WebDriverWait(self.driver, 20)

    def tearDown(self):
        # A refusal the page expects (a delegation not yet registered) is logged by the browser
        # as a failed load; what must not happen is an error of the page's own code.
        errors = [e for e in self.driver.get_log("browser")
                  if e["level"] == "SEVERE" and e.get("source") != "network"]
        self.driver.quit()
        self.profile.cleanup()
        self.assertEqual(errors, [], "the page logged errors")

    def shot(self, name):
        self.driver.save_screenshot(os.path.join(ARGS.artifacts, name + ".png"))
        # A field the JSON left out (a zero, an empty list) must not show as a placeholder.
        text = self.driver.find_element(By.TAG_NAME, "body").text
        for slip in ("undefined", "[object", "NaN"):
            self.assertNotIn(slip, text, name)
        self.audit(name)

    def audit(self, name):
        """Fails on any WCAG 2.1 A or AA violation axe-core finds on the page as it is."""
        self.driver.set_script_timeout(60)
        self.driver.execute_script(AXE)
        violations = self.driver.execute_async_script(AUDIT)
        self.assertEqual(violations, [], "accessibility of the %s page" % name)

    def text_appears(self, css, text):
        self.wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))

    def sign_in(self, secret):
        self.driver.get(self.base)
        field = self.wait.until(ec.presence_of_element_located((By.NAME, "token")))
        self.assertEqual(field.get_attribute("type"), "password")
        field.send_keys(secret)
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.text_appears("main h1", "Welcome")

    def fill(self, name, value):
        element = self.driver.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)

    def test_1_a_focal_point_registers_states_preferences_and_inscribes(self):
        self.sign_in(self.focal)
        self.text_appears("main", "Focal point: your delegation")
        self.text_appears("#who", "Focal point of Belgium")
        self.shot("home-focal-point")
        # Every form control has a label a screen reader announces.
        self.driver.find_element(By.LINK_TEXT, "My delegation").click()
        self.text_appears("main h2", "Register the delegation")
        for control in self.driver.find_elements(By.CSS_SELECTOR, "main input, main select"):
            self.assertEqual(control.find_element(By.XPATH, "..").tag_name, "label")
        self.fill("headName", "Régine De Clercq")
        self.fill("headTitle", "Permanent Representative")
        Select(self.driver.find_element(By.NAME, "rank")).select_by_value(
            "PROTOCOL_RANK_PERMANENT_REPRESENTATIVE")
        self.fill("email", "focal.point@example.org")
        self.fill("credentials", "NV/2027/113")
        self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        self.text_appears("#status", "Registered")
        self.text_appears("main h1", "Belgium at Consultation on labour mobility")
        self.text_appears("#delegation-state", "pending")
        self.shot("delegation-registered")

        got = json.loads(ctl(self.server, "-o", "json", "delegations", "get", "web-2027",
                             "bel").stdout)
        self.assertEqual(got["head"]["full_name"], "Régine De Clercq")
        self.assertEqual(got["contact_email"], "focal.point@example.org")

        Select(self.driver.find_element(By.NAME, "choice0")).select_by_visible_text(
            "2. Remittances")
        Select(self.driver.find_element(By.NAME, "choice1")).select_by_visible_text(
            "1. Skills and recognition")
        form = self.driver.find_element(By.CSS_SELECTOR, "form[aria-label='Round-table "
                                                         "preferences']")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.text_appears("#status", "Preferences saved")
        preferences = json.loads(ctl(self.server, "-o", "json", "roundtables", "preferences",
                                     "web-2027", "bel").stdout)
        self.assertEqual([r.split("/")[-1] for r in preferences["round_tables"]],
                         ["round-table-2", "round-table-1"])

        form = self.driver.find_element(By.CSS_SELECTOR, "form[aria-label='Inscribe a speaker']")
        form.find_element(By.NAME, "speakerName").send_keys("Régine De Clercq")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.text_appears("#status", "Inscribed: Régine De Clercq")
        listed = json.loads(ctl(self.server, "-o", "json", "speakers", "list",
                                "web-2027").stdout)
        self.assertIn("events/web-2027/speakerLists/plenary/speakers/bel",
                      [s["name"] for s in listed["speakers"]])
        self.shot("delegation-page")

    def test_2_the_floor_follows_the_room_without_a_reload(self):
        for code in ("fra", "sen"):
            ctl(self.server, "delegations", "register", "web-2027", code, "--head", "Head",
                "--rank", "minister")
            ctl(self.server, "speakers", "inscribe", "web-2027", code, "--level", "minister")
        self.sign_in(self.reader)
        self.driver.get(self.base + "#/events/web-2027")
        self.text_appears("main", "Opening plenary")
        self.text_appears("main", "10:00")  # in the event's zone, whatever the browser's
        self.shot("programme")
        self.driver.get(self.base + "#/events/web-2027/floor/plenary")
        self.text_appears("#current-speaker", "Nobody has the floor")
        self.text_appears("#live", "Live")
        self.driver.execute_script("window.stillTheSamePage = true;")
        # The skip link moves the focus to the content and leaves the page where it is.
        self.driver.execute_script("document.querySelector('a.skip').click();")
        self.assertEqual(self.driver.execute_script("return document.activeElement.id;"), "main")
        self.assertTrue(self.driver.current_url.endswith("#/events/web-2027/floor/plenary"))

        ctl(self.server, "speakers", "next", "web-2027", "--meeting", "meeting-1")
        first = json.loads(ctl(self.server, "-o", "json", "speakers", "floor",
                               "web-2027").stdout)["current"]["display_name"]
        self.text_appears("#current-speaker", first)
        self.wait.until(lambda d: re.match(r"^\d+:\d\d$",
                                           d.find_element(By.ID, "clock").text))
        shown = self.driver.find_element(By.ID, "clock").text
        time.sleep(2.2)
        self.assertNotEqual(self.driver.find_element(By.ID, "clock").text, shown,
                            "the clock counts down")
        self.shot("floor")

        ctl(self.server, "speakers", "next", "web-2027")
        second = json.loads(ctl(self.server, "-o", "json", "speakers", "floor",
                                "web-2027").stdout)["current"]["display_name"]
        self.assertNotEqual(first, second)
        self.text_appears("#current-speaker", second)
        self.text_appears("#speaking-order", "spoke")  # the list follows the floor too
        self.assertTrue(self.driver.execute_script("return window.stillTheSamePage === true;"))

    def test_3_two_drafters_change_one_paragraph_and_both_texts_are_kept(self):
        s = self.server
        ctl(s, "documents", "create", "web-2027", "chair-summary", "--title", "Chair's summary")
        ctl(s, "documents", "add-section", "web-2027", "chair-summary", "--title", "Opening")
        ctl(s, "documents", "add-paragraph", "web-2027", "chair-summary", "--section", "1",
            "--text", "The Chair opened the meeting.")
        chair = token_of(ctl(s, "tokens", "create", "--name", "Co-chair", "--role",
                             "chair=events/web-2027").stdout)
        page = self.base + "#/events/web-2027/documents/chair-summary"
        self.sign_in(chair)
        self.driver.get(page)
        mine = self.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "main textarea")))

        profile = tempfile.TemporaryDirectory()
        other = browser(profile.name)
        try:
            other.get(self.base)
            wait = WebDriverWait(other, 20)
            wait.until(ec.presence_of_element_located((By.NAME, "token"))).send_keys(chair)
            other.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "Welcome"))
            other.get(page)
            theirs = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR,
                                                                "main textarea")))
            theirs.clear()
            theirs.send_keys("The Chair declared the meeting open.")
            other.find_element(By.XPATH, "//button[text()='Save']").click()
            wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Paragraph saved"))
        finally:
            other.quit()
            profile.cleanup()

        mine.clear()
        mine.send_keys("The Chair opened the session.")
        self.driver.find_element(By.XPATH, "//button[text()='Save']").click()
        self.text_appears("#status", "Another drafter changed this paragraph")
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, ".theirs").text,
                         "The Chair declared the meeting open.")
        self.assertEqual(self.driver.find_element(By.CSS_SELECTOR, "textarea.yours")
                         .get_attribute("value"), "The Chair opened the session.")
        self.shot("drafting-conflict")
        self.driver.find_element(By.XPATH, "//button[text()='Keep my text']").click()
        self.text_appears("#status", "Paragraph saved")
        shown = ctl(s, "documents", "show", "web-2027", "chair-summary").stdout
        self.assertIn("The Chair opened the session.", shown)
        history = ctl(s, "documents", "history", "web-2027", "chair-summary").stdout
        self.assertIn("Co-chair", history)
        self.driver.get_log("browser")  # the 409 of the refused save is the expected answer

    def test_5_the_secretariat_accredits_and_allocates_and_anyone_reads_a_document(self):
        self.sign_in(self.server.admin_token())
        self.driver.get(self.base + "#/events/web-2027/delegations")
        self.text_appears("main h1", "Delegations")
        self.driver.find_element(By.XPATH, "//button[text()='Accredit Belgium']").click()
        self.text_appears("#status", "Belgium accredited")
        self.shot("accreditation")
        got = json.loads(ctl(self.server, "-o", "json", "delegations", "get", "web-2027",
                             "bel").stdout)
        self.assertEqual(got["state"], "DELEGATION_STATE_ACCREDITED")

        self.driver.get(self.base + "#/events/web-2027/allocation")
        self.driver.find_element(By.XPATH, "//button[text()='Dry run']").click()
        self.text_appears("#allocation-summary", "1 delegation(s) placed (dry run")
        placed = ctl(self.server, "roundtables", "participants", "list", "web-2027",
                     "round-table-2").stdout
        self.assertNotIn("bel", placed)
        self.driver.find_element(By.XPATH, "//button[text()='Write the allocation']").click()
        self.text_appears("#allocation-summary", "1 delegation(s) placed and written")
        self.shot("allocation")
        placed = ctl(self.server, "roundtables", "participants", "list", "web-2027",
                     "round-table-2").stdout
        self.assertIn("bel", placed)  # its first choice

        self.driver.get(self.base + "#/events/hld-2006/documents/chair-summary")
        self.text_appears("main", "A/61/515")
        self.assertEqual(self.driver.find_elements(By.CSS_SELECTOR, "main textarea"), [])
        self.assertTrue(self.driver.find_element(By.XPATH, "//button[text()='Print']")
                        .is_displayed())
        self.assertGreaterEqual(len(self.driver.find_elements(By.CSS_SELECTOR,
                                                              "main section h2")), 17)
        self.shot("issued-document")

    def test_4_a_wrong_token_is_refused_and_nothing_is_kept(self):
        self.driver.get(self.base)
        field = self.wait.until(ec.presence_of_element_located((By.NAME, "token")))
        field.send_keys("forum_000000000000_wrong")
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.text_appears("#status", "token")
        self.assertIsNone(self.driver.execute_script(
            "return sessionStorage.getItem('forum.token');"))
        self.driver.get_log("browser")  # the 401 the browser logs is the expected answer


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--forumd", required=True)
    parser.add_argument("--forumctl", required=True)
    parser.add_argument("--python-protos", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--node-dir", required=True, help="where axe-core is installed")
    ARGS, rest = parser.parse_known_args()
    e2e_test.ARGS = ARGS
    e2e_test.load_protos(ARGS.python_protos)
    global AXE
    AXE = prepare_axe()
    os.environ["FORUM_TOKEN_FILE"] = os.path.join(tempfile.mkdtemp(), "token")
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
