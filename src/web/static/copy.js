// copy.js - "Copy" buttons beside links handed out: the one script caregrid's pages load (the CSP allows
// scripts from the site only). Without it the link stays selectable text in a read-only box.
document.addEventListener('click', (event) => {
	const button = event.target.closest('button[data-copy]');
	if (!button)
		return;
	const field = document.getElementById(button.dataset.copy);
	const done = () => {
		const status = document.getElementById(button.dataset.copy + '-status');
		if (status)
			status.textContent = button.dataset.copied || 'Copied.';
	};
	field.select();
	if (navigator.clipboard)
		navigator.clipboard.writeText(field.value).then(done, () => document.execCommand('copy') && done());
	else if (document.execCommand('copy'))
		done();
});

// A refused form's page (web/form_refused.c): focus moves to the error summary, so that it is read out first and
// its links lead to the fields (the autofocus attribute does the same where the browser honours it).
document.addEventListener('DOMContentLoaded', () => {
	const summary = document.querySelector('.error-summary');
	if (summary)
		summary.focus();
});

// The summary's links move focus to their field (GOV.UK's error summary): following the link alone would only
// scroll, leaving a keyboard or screen reader where it was.
document.addEventListener('click', (event) => {
	const link = event.target.closest && event.target.closest('.error-summary a[href^="#"]');
	const field = link && document.getElementById(link.getAttribute('href').slice(1));
	if (!field)
		return;
	event.preventDefault();
	field.focus();
	field.scrollIntoView({ block: 'center' });
});
