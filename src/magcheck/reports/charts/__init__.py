"""Offline SVG charts for the web pages and the reports.

Plain string building instead of matplotlib: it starts instantly, needs no fonts to *produce* a chart
(the browser or WeasyPrint picks one from the font stack, with CJK fallbacks), works offline and is
byte-for-byte deterministic, so the same input gives the same SVG in tests, pages and PDFs.

Every chart is an accessible image: ``role="img"``, a ``<title>`` and a ``<desc>`` that carries the numbers
in words, so a screen reader (or a test) gets the data without looking at the picture. Colours are set as
presentation attributes, never ``style=`` attributes or ``<style>`` elements, so the charts pass a strict
Content-Security-Policy when they are inlined in a page. Each element has a ``mc-*`` class so a page's
stylesheet can restyle it. The size comes from the ``viewBox`` only: a page makes it fluid with
``svg { width: 100%; height: auto }``; the chart is laid out to stay readable at 360 px.
"""
