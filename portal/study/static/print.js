// The print button of a progress archive: the browser prints to paper or to PDF.
document.querySelectorAll(".print-now").forEach((b) => b.addEventListener("click", () => window.print()));
