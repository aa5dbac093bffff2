from common.text import join_names, squash_spaces


def test_squash_spaces_tidies_what_people_type():
    assert squash_spaces("  culture \t fit\n ") == "culture fit"
    assert squash_spaces("") == ""
    assert squash_spaces(None) == ""


def test_join_names_reads_like_a_sentence():
    assert join_names([]) == ""
    assert join_names(["Ada"]) == "Ada"
    assert join_names(["Ada", "Grace"]) == "Ada and Grace"
    assert join_names(["Ada", "Grace", "Linus"]) == "Ada, Grace and Linus"
