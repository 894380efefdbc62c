"""Figures of the seeded demo store (2025 年度, its reference date) that several test files pin; a change
here is a change of the generator or of a figure's definition (liaison/figures.py)."""

# 要訪問の市町（90日超）: municipalities whose 自治体DX or 地域社会DX department was last visited > 90 days ago
DUE_2025 = 30
