"""voc's feedback rules on real customer language: each example is tagged wrongly without
its rule. Quoted app-review sentences come from the App Store / Google Play review sets in
/work/shared/data/feedback/app-review-sentences (CC BY 4.0, Jl-wei/feedback-classification);
the rest are written the way support tickets and account notes say it."""

import pytest

from voc.nlp.pipeline import build_pipeline


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


def sentiment_label(nlp, text: str) -> str:
    return nlp(text)._.sentiment_label


def themes_of(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span.label_ for span in doc.spans["voc_themes"]}


def signals_of(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span.label_ for span in doc.spans["voc_signals"]}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Praise in the past: "until/before the update", "used to be".
        ("Worked great before the last update, now it won t open.", "negative"),
        ("Everything was great until the recent update password lost my notes.", "negative"),
        ("Used to be great.", "negative"),
        # A regression told by the update that brought it.
        ("Since the latest update it keeps forcing close.", "negative"),
        # Failures VADER has no word for, and demands for a fix.
        (
            "Latest version totally shuts down my music when opening this to play. Fix this!",
            "negative",
        ),
        ("It keeps kicking me out of the game.", "negative"),
        (
            "I am unable to use this app to open Microsoft Works files on my iPhone five.",
            "negative",
        ),
        # The "t" of "doesn t" where the apostrophe was lost.
        ("It doesn t work", "negative"),
        # A change made without warning; "without" alone negates nothing.
        ("CSV export cuts off at 10,000 rows without any warning.", "negative"),
        ("Works without internet.", "neutral"),
        ("Handles our 200k records without breaking a sweat", "positive"),
        # Time lost, and leaving (or stepping down) for someone else.
        ("New hire spent a whole day trying to figure out the setup.", "negative"),
        (
            "We're moving to HubSpot next quarter, leadership decided to consolidate tools.",
            "negative",
        ),
        ("We are moving to the new office in May.", "neutral"),
        ("Got an invoice for a plan we downgraded from two months ago", "negative"),
        # What a request asks for is not a complaint.
        ("The only thing missing is a dark mode.", "neutral"),
        (
            "Would pay extra for an audit log add-on, that's the only thing missing for us",
            "neutral",
        ),
        # E-mail courtesy and fillers carry no opinion.
        ("Please send me a copy of the March invoice.\n\nBest regards,\nAnna", "neutral"),
        ("Can you check the export settings? Thanks in advance", "neutral"),
        ("We use Slack as well.", "neutral"),
        # Hedges after a negator are no complaint; "can't wait to" is eagerness.
        ("Not sure yet whether we need the enterprise plan.", "neutral"),
        ("What I like to see is a way to share a folder and not just a file.", "neutral"),
        ("Can't wait to try the new editor!", "positive"),
        # A request praises nothing that exists yet; an emoji is how the writer feels now.
        ("A video walkthrough for admins would be really helpful", "neutral"),
        ("They want a nice clean dashboard for the board meeting.", "neutral"),
        ("Would love to see you at the meetup :)", "positive"),
        # A word voc zeroes is not looked up again by its lemma ("number" -> "numb").
        ("Enter the number of seats on the order form.", "neutral"),
    ],
)
def test_feedback_sentiment_rules(nlp, text, label):
    assert sentiment_label(nlp, text) == label


def test_courtesy_is_not_praise(nlp):
    text = "The sync has failed since Monday. Thanks in advance for looking into it."
    assert "praise" not in signals_of(nlp, text)
    assert "praise" not in themes_of(nlp, "Thanks in advance!\nBest regards")
    assert "praise" in signals_of(nlp, "Thanks for the quick fix, really appreciate it")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Every time I try to reply to someone the app closes.", "reliability"),
        ("However, it won't let me sign on.", "reliability"),
        ("Sometime in the last month Dropbox stopped syncing.", "reliability"),
        ("The import got stuck at 67% for two days.", "reliability"),
        (
            "I would like the feature of creating sub tab categories within the tabs.",
            "feature_requests",
        ),
        ("When will you allow me to let only existing contacts chat with me?", "feature_requests"),
        ("Another update and still no iphone 6 support.", "feature_requests"),
        ("I reached out three times last week and heard nothing.", "support"),
        ("Does it do a two-way sync with Pipedrive?", "integrations"),
        ("Chatted with Maria from your team, she sorted it in minutes.", "support"),
        ("Freezes a lot and only allows so many followings per hour!", "reliability"),
        ("Got a 500 error when saving a draft.", "reliability"),
        ("The PDF export gets cut off after page 20.", "reliability"),
        ("The new UI is no longer easy to use; buttons are tucked away in corners.", "usability"),
        ("Simple and clean, exactly what we needed.", "usability"),
        ("Please optimize this app for iPhone 6 plus.", "performance"),
        ("Product is crap now The latest updates bog down my Galaxy S3.", "performance"),
        ("We need to train our new hires on the approval flow.", "onboarding"),
    ],
)
def test_theme_patterns_from_real_reviews(nlp, text, theme):
    assert theme in themes_of(nlp, text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        # A person who is stuck is not a hung import.
        (
            "The guide skips the step where you verify your domain, we were stuck for a day",
            "reliability",
        ),
        # A resolved issue is a support story; a failed payment is billing.
        ("Thanks for the quick fix on the login issue, really appreciate it", "reliability"),
        ("My card payment failed twice this month.", "reliability"),
        # A tool customers leave for is a competitor, not an integration.
        ("We're moving to HubSpot next quarter.", "integrations"),
        # A sync that fails on its own is not a connection to another tool.
        ("The mobile app won't sync my notes.", "integrations"),
        # A page that does not respond is not the support team.
        ("The page is not responding after I click save.", "support"),
        ("Thanks in advance!", "praise"),
        # What the product supports, and chat as the product, are not the support team.
        ("Another update and still no iphone 6 support.", "support"),
        ("I wish if it supports sd cards", "support"),
        ("When I do try to send a message through chat, the app crashes.", "support"),
        # A number is not an HTTP error; a refund that never came is billing.
        ("We have 500 seats on the annual plan.", "reliability"),
        ("I never got my refund for the March invoice.", "reliability"),
        # An install that fails is no first step.
        ("It will not install update and now I cannot use app on my phone.", "onboarding"),
    ],
)
def test_theme_needs_context(nlp, text, theme):
    assert theme not in themes_of(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "I would like the feature of creating sub tab categories within the tabs on the iPhone.",
        "And also when will you allow me to let only existing contacts chat / call me?",
        "It also needs push notifications.",
    ],
)
def test_request_signal_as_app_reviewers_word_it(nlp, text):
    assert "feature_request" in signals_of(nlp, text)
