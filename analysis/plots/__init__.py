"""Figure builders: one module per figure family, each function returns ``(Figure, DataFrame)``
— the figure and the exact numbers it plots. Styling lives in :mod:`analysis.plots.style`.
"""
