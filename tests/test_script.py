from riwaya.text.script import arabic_share, is_arabic_letter


def test_the_share_of_arabic_letters():
    assert arabic_share("قتل 17 مدنياً") == 1.0  # digits and spaces are no letters
    assert arabic_share("UN: قتل") == 0.6
    assert arabic_share("123 ...") is None
    assert arabic_share("ﻻ ﺍﻟﺠﻴﺶ") == 1.0  # presentation forms
    assert arabic_share("ݐݑ") == 1.0  # the Arabic Supplement block
    assert not is_arabic_letter("،") and not is_arabic_letter("٣") and not is_arabic_letter("a")
