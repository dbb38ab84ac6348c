"""How people can be reached: a phone number or an e-mail address as they write them."""

import re

import phonenumbers

_EMAIL = re.compile(r"^[^@\s]{1,64}@(?=.{1,253}$)[^@\s.]+(\.[^@\s.]+)*\.[^@\s.\d]{2,}$")


def validate_phone(text: str | None) -> str | None:
    """The number in E.164 (+32470123456), or None. Belgian numbers may be written the
    Belgian way (0470 12 34 56); others need their country code (+33 6…, 0033 6…). An
    e-mail address written next to it is ignored."""
    if not isinstance(text, str):
        return None
    text = " ".join(w for w in text.split() if "@" not in w)
    if not text or len(text) > 40:
        return None
    try:
        number = phonenumbers.parse(text, "BE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def can_take_texts(phone: str) -> bool:
    """Whether a number (E.164) may be a mobile one: a landline gets no text messages."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(phone))
    except phonenumbers.NumberParseException:
        return False
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
                    phonenumbers.PhoneNumberType.UNKNOWN)


def validate_email(text: str | None) -> str | None:
    """The address written in ``text`` (alone, or as the one word with an @), with its
    domain in lower case; or None. Deliberately simple: one @, no spaces, a dot in the
    domain. Whether the address exists is only known by writing to it."""
    if not isinstance(text, str):
        return None
    words = [w.strip("<>()[],;:!?\"'.") for w in text.split() if "@" in w]
    if len(words) != 1 or not _EMAIL.match(words[0]) or len(words[0]) > 254:
        return None
    local, domain = words[0].rsplit("@", 1)
    return f"{local}@{domain.lower()}"
