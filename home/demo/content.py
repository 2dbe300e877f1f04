"""English text of the demo site. The Spanish lives in the PO files beside this module."""

SITE_NAME = "Wentzville Coalition"

HOME_PAGE = {
    "title": "Wentzville Coalition Against Trafficking",
    "slug": "home",
    "introduction": (
        "A coalition of neighbours, churches, clinics and services in Wentzville, Missouri, "
        "working against human trafficking and for the health and safety of everyone "
        "caught up in the sex trade. Free, confidential help is listed here."
    ),
    "seo_title": "",
    "search_description": (
        "Free, confidential help in Wentzville, Missouri: hotlines, health care, "
        "counselling and ways out of trafficking and the sex trade."
    ),
}
