"""Maps drawn by the server: boundaries shipped with the project, choropleths as SVG."""
