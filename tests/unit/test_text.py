from bot.text import noun, plural


def test_plural_agrees_with_count() -> None:
    assert plural(1, "member") == "1 member"
    assert plural(0, "member") == "0 members"
    assert plural(12, "stance") == "12 stances"
    assert plural(1_200, "vote") == "1,200 votes"
    assert plural(2, "child", "children") == "2 children"
    assert noun(1, "argument") == "argument"
    assert noun(5, "argument") == "arguments"
