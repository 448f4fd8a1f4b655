// The print button of the card sheets: the browser prints to paper or to PDF.
document.querySelectorAll(".print-now").forEach((b) => b.addEventListener("click", () => window.print()));
